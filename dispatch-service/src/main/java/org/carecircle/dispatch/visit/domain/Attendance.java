package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.VisitEvent;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the team of a visit turns up, after they accepted: check-in at the door, a provider who leaves before it,
 * the visit dispatched anew once the grace for that has passed, and the end at the home. The rules:
 * <ul>
 *   <li>A provider who leaves (ends their shift, goes on a break, falls silent) with an <b>open offer</b> of a visit
 *   of now: the offer is withdrawn with the reason, they are not asked again, the seat is sought again at once.</li>
 *   <li>A provider who leaves after <b>accepting</b> a visit of now and before checking in: the district's
 *   supervisors and the orderer are told at once (an escalation with the reason, on the timeline); unless they
 *   check in within the grace, the visit is then dispatched anew without them and they are freed.</li>
 *   <li>A <b>planned</b> visit (with a time window, matched from a base hours ahead) is the exception: its offer
 *   stays open and its assignment stands — the station may answer and plan for an off-shift provider.</li>
 * </ul>
 */
public final class Attendance {
    /** The escalation reason when an assigned provider left before checking in. */
    public static final String PROVIDER_LEFT = "PROVIDER_LEFT_BEFORE_CHECK_IN";

    private Attendance() {
    }

    /**
     * {@code providerId} left for {@code why}: their open offer of this visit is withdrawn, or — if they are on the
     * team and have not checked in — the visit is escalated and dispatched anew at {@code redispatchAt} unless they
     * check in first. Nothing to do (no events) for a planned visit or one they have no open part in.
     */
    public static Transition providerLeft(Visit visit, String providerId, String why, Instant now, Instant redispatchAt,
                                          String input) {
        if (visit.planned() || visit.isFinal()) {
            return new Transition(visit, List.of());
        }
        List<Offer> theirOffers = visit.offers().stream().filter(o -> o.providerId().equals(providerId)).toList();
        if (!theirOffers.isEmpty() && visit.status() != VisitStatus.ASSIGNED) {
            return visit.withdraw(theirOffers, why, now, input);
        }
        if (!onTeam(visit, providerId) || visit.ended().contains(providerId) || visit.checkedIn().contains(providerId)
                || visit.departed().containsKey(providerId)) {
            return new Transition(visit, List.of());
        }
        Map<String, Instant> departed = new HashMap<>(visit.departed());
        departed.put(providerId, redispatchAt);
        String detail = "provider " + providerId + ": " + why + " before checking in; dispatched anew at "
                + DateTimeFormatter.ISO_INSTANT.format(redispatchAt.truncatedTo(ChronoUnit.SECONDS))
                + " unless they check in first";
        return new Transition(visit.attending(visit.status(), visit.team(), visit.ended(), visit.checkedIn(), departed,
                visit.excludedProviders(), input),
                List.of(VisitEvents.escalated(visit, PROVIDER_LEFT, detail, providerId, now)));
    }

    /** A provider of the team checked in at the door: the visit has started for them, nothing waits on their return. */
    public static Transition checkIn(Visit visit, String providerId, String input) {
        if (!onTeam(visit, providerId) || visit.checkedIn().contains(providerId)) {
            return new Transition(visit, List.of());
        }
        Set<String> checkedIn = new LinkedHashSet<>(visit.checkedIn());
        checkedIn.add(providerId);
        Map<String, Instant> departed = new HashMap<>(visit.departed());
        departed.remove(providerId);
        return new Transition(visit.attending(visit.status(), visit.team(), visit.ended(), checkedIn, departed,
                visit.excludedProviders(), input), List.of());
    }

    /**
     * Every provider who left and did not check in by their deadline is taken off the team (told so, freed, not
     * asked again); the visit looks for someone else for their seat at once.
     */
    public static Transition redispatch(Visit visit, Instant now, String input) {
        List<Offer> gone = visit.team().stream().filter(o -> {
            Instant deadline = visit.departed().get(o.providerId());
            return deadline != null && !deadline.isAfter(now);
        }).toList();
        if (gone.isEmpty() || visit.isFinal()) {
            throw new IllegalTransition("cannot dispatch visit " + visit.orderId() + " anew: nobody left past the grace");
        }
        List<Offer> team = new ArrayList<>(visit.team());
        team.removeAll(gone);
        Map<String, Instant> departed = new HashMap<>(visit.departed());
        Set<String> excluded = new LinkedHashSet<>(visit.excludedProviders());
        List<VisitEvent> events = new ArrayList<>();
        for (Offer o : gone) {
            departed.remove(o.providerId());
            excluded.add(o.providerId());
            events.add(VisitEvents.withdrawn(visit, o, "the provider left before checking in; dispatched anew", now));
        }
        return new Transition(visit.attending(VisitStatus.REQUESTED, team, visit.ended(), visit.checkedIn(), departed,
                excluded, input), events);
    }

    /**
     * A provider of the team ended the visit at the home (done, or not possible); their reservation turns into
     * rest. The visit is done when everyone of the team has ended it.
     */
    public static Transition end(Visit visit, String providerId, String input) {
        if (visit.status() != VisitStatus.ASSIGNED || !onTeam(visit, providerId) || visit.ended().contains(providerId)) {
            throw new IllegalTransition("cannot end visit " + visit.orderId() + " by " + providerId + " in status "
                    + visit.status());
        }
        Set<String> ended = new LinkedHashSet<>(visit.ended());
        ended.add(providerId);
        VisitStatus next = ended.size() == visit.team().size() ? VisitStatus.DONE : VisitStatus.ASSIGNED;
        return new Transition(visit.attending(next, visit.team(), ended, visit.checkedIn(), visit.departed(),
                visit.excludedProviders(), input), List.of());
    }

    private static boolean onTeam(Visit visit, String providerId) {
        return visit.team().stream().anyMatch(o -> o.providerId().equals(providerId));
    }
}
