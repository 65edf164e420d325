package org.carecircle.dispatch.reservation;

import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.visit.VisitSaved;
import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.live.LiveProviders;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.Set;

/**
 * Chooses each visit's {@link Reservation} (a window booking for a visit with a window, a live hold otherwise) and,
 * after every saved change of a visit, frees the providers whose offer or place on the team the change ended.
 */
@Component
public class Reservations implements VisitSaved {
    private final LiveHold liveHold;
    private final WindowBooking windowBooking;

    Reservations(LiveProviders live, DispatchProperties properties, ServiceCatalogue catalogue) {
        OnSite onSite = new OnSite(catalogue);
        this.liveHold = new LiveHold(live, properties, onSite);
        this.windowBooking = new WindowBooking(live, properties, onSite);
    }

    public Reservation of(Visit visit) {
        return visit.planned() ? windowBooking : liveHold;
    }

    /** Frees the providers whose offer (or, on cancellation or reassignment, place on the team) the change ended. */
    @Override
    public void saved(Visit before, Visit after) {
        Set<String> kept = new HashSet<>();
        Set<String> onTeam = new HashSet<>();
        if (!after.isFinal()) {
            after.offers().forEach(o -> kept.add(o.offerId()));
            after.team().forEach(o -> {
                kept.add(o.offerId());
                onTeam.add(o.providerId());
            });
        }
        Reservation reservation = of(before);
        for (Offer dropped : before.offers()) {
            if (!kept.contains(dropped.offerId()) && !onTeam.contains(dropped.providerId())) {
                reservation.free(before, dropped.providerId(), dropped.offerId());
            }
        }
        before.team().stream().filter(o -> !kept.contains(o.offerId()) && !onTeam.contains(o.providerId()))
                .forEach(o -> reservation.dismiss(before, o.providerId()));
    }
}
