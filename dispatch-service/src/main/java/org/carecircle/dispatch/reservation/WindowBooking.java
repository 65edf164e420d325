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
 * Planned work (a visit with a time window): matched hours ahead from providers' bases, the provider's calendar is
 * booked for the window (latest start + time on site + travel buffer) from the offer on, never overlapping another
 * booking; the assignment counts on the visit's date. Nobody is held now.
 */
public final class WindowBooking implements Reservation {
    private final LiveProviders live;
    private final DispatchProperties properties;
    private final OnSite onSite;

    WindowBooking(LiveProviders live, DispatchProperties properties, OnSite onSite) {
        this.live = live;
        this.properties = properties;
        this.onSite = onSite;
    }

    @Override
    public LiveProviders.From from() {
        return LiveProviders.From.BASE;
    }

    @Override
    public LocalDate serviceDate(Visit visit, Instant now) {
        return LocalDate.ofInstant(visit.window().earliestStart(), properties.zone());
    }

    @Override
    public Busy busy(Visit visit, Instant now) {
        Instant earliest = visit.window().earliestStart();
        Instant latest = visit.window().latestStart() != null ? visit.window().latestStart() : earliest;
        return new Busy(earliest, latest.plus(onSite.of(visit)).plus(properties.travelBuffer()), false);
    }

    @Override
    public boolean take(Visit visit, String providerId, String offerId, int etaMinutes, Duration offerTimeout,
                        Instant now) {
        Busy busy = busy(visit, now);
        return live.book(providerId, visit.orderId(), busy.start(), busy.end());
    }

    @Override
    public void free(Visit visit, String providerId, String offerId) {
        live.unbook(providerId, visit.orderId());
    }

    /** Booked for the window since the offer: the booking stands, and counts on the visit's date. */
    @Override
    public boolean confirm(Visit visit, Offer offer, Instant now) {
        live.countAssignment(offer.providerId(), serviceDate(visit, now));
        return true;
    }

    @Override
    public void ended(Visit visit, String providerId) {
        live.unbook(providerId, visit.orderId());
    }

    /** The window booked again for each provider with an open offer or on the team and not done. */
    @Override
    public void restore(Visit visit, Instant now) {
        Busy busy = busy(visit, now);
        java.util.stream.Stream.concat(visit.offers().stream(), visit.team().stream())
                .filter(o -> !visit.ended().contains(o.providerId()))
                .forEach(o -> live.book(o.providerId(), visit.orderId(), busy.start(), busy.end()));
    }

    @Override
    public void dismiss(Visit visit, String providerId) {
        live.unbook(providerId, visit.orderId());
    }

    @Override
    public Optional<String> takeByHand(Visit visit, String providerId, String ownOfferId, String offerId,
                                       int etaMinutes, Instant now) {
        Busy busy = busy(visit, now);
        if (!live.book(providerId, visit.orderId(), busy.start(), busy.end())) {
            return Optional.of(providerId + " is booked for another visit in that window");
        }
        live.countAssignment(providerId, serviceDate(visit, now));
        return Optional.empty();
    }
}
