package org.carecircle.dispatch.matching.domain;

import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The visit state machine, without Spring, Kafka or Redis. */
class VisitTest {
    static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    static final Candidate NURSE = new Candidate("p-1", "ns-1", "EBIKE", 1200, 5);
    static final Candidate OTHER = new Candidate("p-2", "ns-2", "WALKING", 300, 5);
    static final OfferExplanation EXPLANATION = new OfferExplanation(2, List.of(), 5, 0, 0, 5, 1.0);

    static Visit requested() {
        return Visit.requested(new VisitRequested("in-1", 1, T0, "ord-1", "wtw3e",
                new Requester("chc-1", "COMMUNITY_HEALTH_CENTER", "changning"), "NURSING_WOUND_CARE", "ROUTINE", "pt-1",
                new GeoPoint(31.22, 121.42), null, new SealedDetails("k1", "bm9uY2U=", "c2VhbGVk"), null));
    }

    @Test
    void anOfferCarriesServiceDistanceAndEtaButNoAddressOrNotes() {
        Transition offered = requested().offer(NURSE, "off-1", T0, T0.plusSeconds(180), "in-2", EXPLANATION);

        assertThat(offered.visit().status()).isEqualTo(VisitStatus.OFFERED);
        assertThat(offered.events()).singleElement().isInstanceOfSatisfying(VisitOffered.class, e -> {
            assertThat(e.providerId()).isEqualTo("p-1");
            assertThat(e.distanceMeters()).isEqualTo(1200);
            assertThat(e.etaMinutes()).isEqualTo(5);
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.toString()).doesNotContain("c2VhbGVk"); // not even the sealed details
        });
    }

    @Test
    void acceptingTheCurrentOfferAssignsTheVisit() {
        Visit offered = requested().offer(NURSE, "off-1", T0, T0.plusSeconds(180), "in-2", EXPLANATION).visit();

        Transition accepted = offered.accept("off-1", T0.plusSeconds(30), "in-3");

        assertThat(accepted.visit().status()).isEqualTo(VisitStatus.ASSIGNED);
        assertThat(accepted.events()).singleElement().isInstanceOfSatisfying(VisitAssigned.class,
                e -> assertThat(e.providerId()).isEqualTo("p-1"));
    }

    @Test
    void anAcceptOfAnOfferThatIsNotCurrentIsRefused() {
        Visit offered = requested().offer(NURSE, "off-1", T0, T0.plusSeconds(180), "in-2", EXPLANATION).visit();
        Visit lapsed = offered.lapse("off-1", T0.plusSeconds(200), "in-3").visit();

        assertThatThrownBy(() -> offered.accept("off-other", T0, "in-4")).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> lapsed.accept("off-1", T0, "in-4")).isInstanceOf(IllegalTransition.class);
        Visit cancelled = offered.cancel(T0, "in-5").visit();
        assertThatThrownBy(() -> cancelled.accept("off-1", T0, "in-6")).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void aDeclineExcludesTheProviderAndTheVisitLooksForSomeoneElse() {
        Visit offered = requested().offer(NURSE, "off-1", T0, T0.plusSeconds(180), "in-2", EXPLANATION).visit();

        Transition declined = offered.decline("off-1", "in-3");
        Transition next = declined.visit().offer(OTHER, "off-2", T0, T0.plusSeconds(180), "in-4", EXPLANATION);

        assertThat(declined.visit().status()).isEqualTo(VisitStatus.REQUESTED);
        assertThat(declined.visit().excludedProviders()).containsExactly("p-1");
        assertThat(((VisitOffered) next.events().getFirst()).attempt()).isEqualTo(2);
    }

    @Test
    void aLapsedOfferIsWithdrawnAndItsProviderExcluded() {
        Visit offered = requested().offer(NURSE, "off-1", T0, T0.plusSeconds(180), "in-2", EXPLANATION).visit();

        Transition lapsed = offered.lapse("off-1", T0.plusSeconds(181), "in-3");

        assertThat(lapsed.visit().excludedProviders()).containsExactly("p-1");
        assertThat(lapsed.events()).singleElement().isInstanceOfSatisfying(OfferWithdrawn.class,
                e -> assertThat(e.reason()).contains("expired"));
    }

    @Test
    void withoutCandidateTheVisitWaitsAndSaysSoOnce() {
        Transition waiting = requested().noCandidate("nobody", T0, "in-2");
        Transition stillWaiting = waiting.visit().noCandidate("nobody", T0.plusSeconds(2), "in-3");

        assertThat(waiting.visit().status()).isEqualTo(VisitStatus.WAITING);
        assertThat(waiting.events()).singleElement().isInstanceOf(VisitQueued.class);
        assertThat(stillWaiting.events()).isEmpty();
        assertThat(stillWaiting.visit()).isSameAs(waiting.visit());
        assertThat(waiting.visit().offer(NURSE, "off-1", T0, T0, "in-4", EXPLANATION).visit().status()).isEqualTo(VisitStatus.OFFERED);
    }

    @Test
    void cancellingWithdrawsAnOpenOfferOrAnAssignmentAndIsFinal() {
        Visit offered = requested().offer(NURSE, "off-1", T0, T0.plusSeconds(180), "in-2", EXPLANATION).visit();
        Visit assigned = offered.accept("off-1", T0, "in-3").visit();

        assertThat(offered.cancel(T0, "in-4").events()).singleElement().isInstanceOf(OfferWithdrawn.class);
        assertThat(assigned.cancel(T0, "in-4").events()).singleElement().isInstanceOf(OfferWithdrawn.class);
        assertThat(requested().cancel(T0, "in-4").events()).isEmpty();
        Visit cancelled = requested().cancel(T0, "in-4").visit();
        assertThatThrownBy(() -> cancelled.cancel(T0, "in-5")).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> cancelled.offer(NURSE, "off-9", T0, T0, "in-6", EXPLANATION)).isInstanceOf(IllegalTransition.class);
    }
}
