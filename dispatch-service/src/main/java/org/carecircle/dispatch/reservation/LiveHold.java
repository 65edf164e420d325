package org.carecircle.dispatch.reservation;

import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.live.LiveProviders;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Work of now: the provider is held (one offer or visit at a time) from the offer on, confirmed for the visit at
 * their accept, and kept for the travel buffer after it. Their time is booked too, so that no planned visit is
 * booked over it.
 */
public final class LiveHold implements Reservation {
    private final LiveProviders live;
    private final DispatchProperties properties;
    private final OnSite onSite;

    LiveHold(LiveProviders live, DispatchProperties properties, OnSite onSite) {
        this.live = live;
        this.properties = properties;
        this.onSite = onSite;
    }

    @Override
    public LiveProviders.From from() {
        return LiveProviders.From.LIVE;
    }

    @Override
    public LocalDate serviceDate(Visit visit, Instant now) {
        return LocalDate.ofInstant(now, properties.zone());
    }

    /** From now: the provider's travel, time on site and the travel buffer. */
    @Override
    public Busy busy(Visit visit, Instant now) {
        return new Busy(now, now.plus(onSite.of(visit)).plus(properties.travelBuffer()), true);
    }

    @Override
    public boolean take(Visit visit, String providerId, String offerId, int etaMinutes, Duration offerTimeout,
                        Instant now) {
        return live.reserve(providerId, Holds.offer(offerId), offerTimeout.multipliedBy(2), serviceDate(visit, now),
                busy(visit, now).until(etaMinutes));
    }

    @Override
    public void free(Visit visit, String providerId, String offerId) {
        // an acceptance being confirmed concurrently may already have turned the offer's hold into the visit's
        if (!live.release(providerId, Holds.offer(offerId)) && live.release(providerId, Holds.visit(visit.orderId()))) {
            live.unbook(providerId, visit.orderId()); // the confirm had booked their time too
        }
    }

    @Override
    public boolean confirm(Visit visit, Offer offer, Instant now) {
        if (!live.confirm(offer.providerId(), Holds.offer(offer.offerId()), Holds.visit(visit.orderId()),
                properties.visitHold(), serviceDate(visit, now))) {
            return false;
        }
        // the visit now takes the provider's time: no planned visit may be booked over it
        Busy busy = busy(visit, now);
        live.book(offer.providerId(), visit.orderId(), busy.start(), busy.until(offer.candidate().etaMinutes()));
        return true;
    }

    @Override
    public void ended(Visit visit, String providerId) {
        live.rest(providerId, Holds.visit(visit.orderId()), Holds.rest(visit.orderId()), properties.travelBuffer());
        live.unbook(providerId, visit.orderId());
    }

    /** Offers held until twice their answer time after they went out (as {@link #take}); the team for the visit. */
    @Override
    public void restore(Visit visit, Instant now) {
        for (Offer o : visit.offers()) {
            Instant until = o.expiresAt().plus(Duration.between(o.offeredAt(), o.expiresAt()));
            if (until.isAfter(now)) {
                live.restoreHold(o.providerId(), Holds.offer(o.offerId()), Duration.between(now, until));
            }
        }
        visit.team().stream().filter(o -> !visit.ended().contains(o.providerId())).forEach(o -> {
            live.restoreHold(o.providerId(), Holds.visit(visit.orderId()), properties.visitHold());
            Busy busy = busy(visit, o.offeredAt());
            live.book(o.providerId(), visit.orderId(), busy.start(), busy.until(o.candidate().etaMinutes()));
        });
    }

    @Override
    public void dismiss(Visit visit, String providerId) {
        live.release(providerId, Holds.visit(visit.orderId()));
        live.unbook(providerId, visit.orderId());
    }

    @Override
    public Optional<String> takeByHand(Visit visit, String providerId, String ownOfferId, String offerId,
                                       int etaMinutes, Instant now) {
        String heldAs = Holds.offer(ownOfferId != null ? ownOfferId : offerId);
        Busy busy = busy(visit, now);
        LocalDate date = serviceDate(visit, now);
        if (ownOfferId == null && !live.reserve(providerId, heldAs, properties.visitHold(), date, busy.until(etaMinutes))) {
            return Optional.of(providerId + " is reserved or booked for another visit meanwhile");
        }
        if (!live.confirm(providerId, heldAs, Holds.visit(visit.orderId()), properties.visitHold(), date)) {
            return Optional.of(providerId + " was reserved for another visit meanwhile");
        }
        live.book(providerId, visit.orderId(), busy.start(), busy.until(etaMinutes));
        return Optional.empty();
    }
}
