package org.carecircle.dispatch.reservation;

import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.live.LiveProviders;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * How a visit takes its providers' time, in one of two forms: a {@link LiveHold} for work of now (the provider is
 * held from the offer on and leaves the index of those available) or a {@link WindowBooking} for planned work (the
 * provider's calendar is booked for the window, hours ahead, from their base). {@link Reservations#of} chooses.
 */
public sealed interface Reservation permits LiveHold, WindowBooking {

    /** Where providers are taken to be when matched for this visit. */
    LiveProviders.From from();

    /** The date the visit counts on (credentials, daily limits). */
    LocalDate serviceDate(Visit visit, Instant now);

    /** The time the visit would take of a provider. */
    Busy busy(Visit visit, Instant now);

    /** Takes the provider for an offer, unless someone or something took them meanwhile. */
    boolean take(Visit visit, String providerId, String offerId, int etaMinutes, Duration offerTimeout, Instant now);

    /** Frees a provider taken for an offer that will not be made, was declined, lapsed or withdrawn. */
    void free(Visit visit, String providerId, String offerId);

    /** The provider accepted {@code offer}: false when their reservation lapsed meanwhile. */
    boolean confirm(Visit visit, Offer offer, Instant now);

    /** The provider ended the visit at the home. */
    void ended(Visit visit, String providerId);

    /** A provider of the team is no longer needed (the visit was cancelled, or reassigned by hand). */
    void dismiss(Visit visit, String providerId);

    /**
     * After the live store lost it, takes again what the visit holds as rebuilt from the log: its open offers and
     * the providers of its team who have not ended it (their daily counts are put back by whoever rebuilds).
     */
    void restore(Visit visit, Instant now);

    /**
     * A supervisor's choice: takes the provider for the visit at once ({@code ownOfferId}: the offer they hold for it
     * already, if any). Empty when taken, else why not.
     */
    Optional<String> takeByHand(Visit visit, String providerId, String ownOfferId, String offerId, int etaMinutes,
                                Instant now);
}
