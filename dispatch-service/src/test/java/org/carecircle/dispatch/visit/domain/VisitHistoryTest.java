package org.carecircle.dispatch.visit.domain;

import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecircle.dispatch.visit.domain.VisitTest.EXPLANATION;
import static org.carecircle.dispatch.visit.domain.VisitTest.NURSE;
import static org.carecircle.dispatch.visit.domain.VisitTest.OTHER;
import static org.carecircle.dispatch.visit.domain.VisitTest.T0;

/** A visit folded from the events its transitions published is the visit those transitions left. */
class VisitHistoryTest {
    static final Duration OFFER_TIMEOUT = Duration.ofSeconds(180);
    static final Duration GRACE = Duration.ofMinutes(10);
    static final Candidate THIRD = new Candidate("p-3", "ns-1", "CAR", 2500, 9);

    /** Applies transitions as dispatch does, keeping every event they published. */
    static final class Life {
        Visit visit = VisitTest.requested();
        final List<VisitEvent> events = new ArrayList<>();

        Life then(Transition t) {
            visit = t.visit();
            events.addAll(t.events());
            return this;
        }
    }

    @Test
    void parallelOffersOfWhichOneIsAcceptedFoldToTheAssignedVisit() {
        Life life = new Life();
        life.then(life.visit.offer(List.of(new Proposal(NURSE, "off-1", EXPLANATION), new Proposal(OTHER, "off-2",
                        EXPLANATION), new Proposal(THIRD, "off-3", EXPLANATION)), T0, T0.plus(OFFER_TIMEOUT), "in-2", 3))
                .then(life.visit.accept("off-2", T0.plusSeconds(20), "in-3"));

        assertFoldsTo(life);
        assertThat(life.visit.excludedProviders()).as("beaten to it, not excluded").isEmpty();
    }

    @Test
    void aDeclineAndTheNextProviderAcceptingFoldToTheSameVisit() {
        Life life = new Life();
        life.then(life.visit.offer(List.of(new Proposal(NURSE, "off-1", EXPLANATION)), T0, T0.plus(OFFER_TIMEOUT), "in-2", 1))
                .then(life.visit.decline("off-1", "in-3")); // dispatch publishes nothing for a decline
        life.events.add(new OfferDeclined("in-3", 1, T0.plusSeconds(10), "ord-1", "wtw3e", "off-1", "p-1", "busy"));
        life.then(life.visit.offer(List.of(new Proposal(OTHER, "off-2", EXPLANATION)), T0.plusSeconds(11),
                        T0.plusSeconds(11).plus(OFFER_TIMEOUT), "in-4", 1))
                .then(life.visit.accept("off-2", T0.plusSeconds(30), "in-5"));

        assertFoldsTo(life);
        assertThat(life.visit.offers()).as("the decliner holds nothing").isEmpty();
        assertThat(life.visit.excludedProviders()).containsExactly("p-1");
    }

    @Test
    void aLapseAWaitAnEscalationAndABreachFoldToTheSameVisit() {
        Life life = new Life();
        life.then(life.visit.offer(List.of(new Proposal(NURSE, "off-1", EXPLANATION)), T0, T0.plus(OFFER_TIMEOUT), "in-2", 1))
                .then(life.visit.lapse("off-1", T0.plusSeconds(181), "in-3"))
                .then(life.visit.noCandidate("nobody free", T0.plusSeconds(182), "in-4"))
                .then(life.visit.escalate("ALL_DECLINED_OR_LAPSED", "1 lapsed", T0.plusSeconds(600), "in-5"))
                .then(life.visit.breachSla(Duration.ofHours(1), T0.plusSeconds(3600), "in-6"));

        assertFoldsTo(life);
        assertThat(life.visit.status()).isEqualTo(VisitStatus.WAITING);
        assertThat(life.visit.excludedProviders()).containsExactly("p-1");

        life.then(life.visit.offer(List.of(new Proposal(OTHER, "off-2", EXPLANATION)), T0.plusSeconds(3700),
                T0.plusSeconds(3700).plus(OFFER_TIMEOUT), "in-7", 1));
        assertFoldsTo(life);
    }

    @Test
    void aProviderWhoLeftBeforeCheckInAndTheVisitDispatchedAnewFoldToTheSameVisit() {
        Life life = new Life();
        Instant left = T0.plusSeconds(60);
        life.then(life.visit.offer(List.of(new Proposal(NURSE, "off-1", EXPLANATION)), T0, T0.plus(OFFER_TIMEOUT), "in-2", 1))
                .then(life.visit.accept("off-1", T0.plusSeconds(20), "in-3"))
                .then(Attendance.providerLeft(life.visit, "p-1", "shift ended", left, left.plus(GRACE), "in-4"));
        assertFoldsTo(life);
        assertThat(life.visit.departed()).containsKey("p-1");

        life.then(Attendance.redispatch(life.visit, left.plus(GRACE), "in-5"))
                .then(life.visit.offer(List.of(new Proposal(OTHER, "off-2", EXPLANATION)), left.plus(GRACE),
                        left.plus(GRACE).plus(OFFER_TIMEOUT), "in-6", 1));
        assertFoldsTo(life);
        assertThat(life.visit.excludedProviders()).containsExactly("p-1");
    }

    @Test
    void aCheckInAfterLeavingKeepsTheVisitInTheFoldToo() {
        Life life = new Life();
        life.then(life.visit.offer(List.of(new Proposal(NURSE, "off-1", EXPLANATION)), T0, T0.plus(OFFER_TIMEOUT), "in-2", 1))
                .then(life.visit.accept("off-1", T0.plusSeconds(20), "in-3"))
                .then(Attendance.providerLeft(life.visit, "p-1", "heartbeat lost", T0.plusSeconds(60),
                        T0.plusSeconds(60).plus(GRACE), "in-4"));
        VisitCheckedIn checkedIn = new VisitCheckedIn("in-5", 1, T0.plusSeconds(90), "ord-1", "wtw3e", "p-1", 10, 8);
        life.then(Attendance.checkIn(life.visit, "p-1", checkedIn.eventId()));
        life.events.add(checkedIn);

        assertFoldsTo(life);
        assertThat(life.visit.departed()).isEmpty();
        assertThat(life.visit.checkedIn()).containsExactly("p-1");
    }

    private static void assertFoldsTo(Life life) {
        Visit folded = VisitTest.requested();
        for (VisitEvent event : life.events) {
            folded = VisitHistory.apply(folded, event, OFFER_TIMEOUT, GRACE);
        }
        Visit live = life.visit;
        assertThat(folded.status()).isEqualTo(live.status());
        assertThat(folded.offers()).isEqualTo(live.offers());
        assertThat(folded.team().stream().map(Offer::offerId)).isEqualTo(live.team().stream().map(Offer::offerId).toList());
        assertThat(folded.excludedProviders()).isEqualTo(live.excludedProviders());
        assertThat(folded.attempts()).isEqualTo(live.attempts());
        assertThat(folded.escalated()).isEqualTo(live.escalated());
        assertThat(folded.slaBreached()).isEqualTo(live.slaBreached());
        assertThat(folded.checkedIn()).isEqualTo(live.checkedIn());
        assertThat(folded.departed()).isEqualTo(live.departed());
    }
}
