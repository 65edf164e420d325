package org.carecircle.dispatch.visit.domain;

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
                new GeoPoint(31.22, 121.42), null, new SealedDetails("k1", "bm9uY2U=", "c2VhbGVk"), null, null, null), 1, Instant.EPOCH);
    }

    static Visit pair() {
        return Visit.requested(new VisitRequested("in-1", 3, T0, "ord-2", "wtw3e",
                new Requester("chc-1", "COMMUNITY_HEALTH_CENTER", "changning"), "CARE_BATHING", "SCHEDULED", "pt-1",
                new GeoPoint(31.22, 121.42), null, new SealedDetails("k1", "bm9uY2U=", "c2VhbGVk"), null, null, null), 2, Instant.EPOCH);
    }

    static Proposal to(Candidate candidate, String offerId) {
        return new Proposal(candidate, offerId, EXPLANATION);
    }

    @Test
    void anOfferCarriesServiceDistanceAndEtaButNoAddressOrNotes() {
        Transition offered = requested().offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(180), "in-2", 1);

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
        Visit offered = requested().offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(180), "in-2", 1).visit();

        Transition accepted = offered.accept("off-1", T0.plusSeconds(30), "in-3");

        assertThat(accepted.visit().status()).isEqualTo(VisitStatus.ASSIGNED);
        assertThat(accepted.events()).singleElement().isInstanceOfSatisfying(VisitAssigned.class,
                e -> assertThat(e.providerId()).isEqualTo("p-1"));
    }

    @Test
    void anAcceptOfAnOfferThatIsNotCurrentIsRefused() {
        Visit offered = requested().offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(180), "in-2", 1).visit();
        Visit lapsed = offered.lapse("off-1", T0.plusSeconds(200), "in-3").visit();

        assertThatThrownBy(() -> offered.accept("off-other", T0, "in-4")).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> lapsed.accept("off-1", T0, "in-4")).isInstanceOf(IllegalTransition.class);
        Visit cancelled = offered.cancel(T0, "in-5").visit();
        assertThatThrownBy(() -> cancelled.accept("off-1", T0, "in-6")).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void aDeclineExcludesTheProviderAndTheVisitLooksForSomeoneElse() {
        Visit offered = requested().offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(180), "in-2", 1).visit();

        Transition declined = offered.decline("off-1", "in-3");
        Transition next = declined.visit().offer(List.of(to(OTHER, "off-2")), T0, T0.plusSeconds(180), "in-4", 1);

        assertThat(declined.visit().status()).isEqualTo(VisitStatus.REQUESTED);
        assertThat(declined.visit().excludedProviders()).containsExactly("p-1");
        assertThat(((VisitOffered) next.events().getFirst()).attempt()).isEqualTo(2);
    }

    @Test
    void aLapsedOfferIsWithdrawnAndItsProviderExcluded() {
        Visit offered = requested().offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(180), "in-2", 1).visit();

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
        assertThat(waiting.visit().offer(List.of(to(NURSE, "off-1")), T0, T0, "in-4", 1).visit().status()).isEqualTo(VisitStatus.OFFERED);
    }

    @Test
    void cancellingWithdrawsAnOpenOfferOrAnAssignmentAndIsFinal() {
        Visit offered = requested().offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(180), "in-2", 1).visit();
        Visit assigned = offered.accept("off-1", T0, "in-3").visit();

        assertThat(offered.cancel(T0, "in-4").events()).singleElement().isInstanceOf(OfferWithdrawn.class);
        assertThat(assigned.cancel(T0, "in-4").events()).singleElement().isInstanceOf(OfferWithdrawn.class);
        assertThat(requested().cancel(T0, "in-4").events()).isEmpty();
        Visit cancelled = requested().cancel(T0, "in-4").visit();
        assertThatThrownBy(() -> cancelled.cancel(T0, "in-5")).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> cancelled.offer(List.of(to(NURSE, "off-9")), T0, T0, "in-6", 1)).isInstanceOf(IllegalTransition.class);
    }

    static final Candidate THIRD = new Candidate("p-3", "ns-3", "BICYCLE", 800, 4);

    @Test
    void parallelOffersGoToSeveralTheFirstAcceptWinsAndTheOthersAreWithdrawnAtOnce() {
        Visit urgent = requested();
        assertThat(urgent.offersToMake(3)).isEqualTo(3);
        Transition offered = urgent.offer(List.of(to(NURSE, "off-1"), to(OTHER, "off-2"), to(THIRD, "off-3")), T0,
                T0.plusSeconds(180), "in-2", 3);
        assertThat(offered.events()).hasSize(3).allSatisfy(e ->
                assertThat(((VisitOffered) e).offerMode()).isEqualTo(VisitOffered.PARALLEL));
        assertThat(offered.visit().status()).isEqualTo(VisitStatus.OFFERED);

        // one declines: the others still cover the visit, nobody new is sought
        Visit afterDecline = offered.visit().decline("off-1", "in-3").visit();
        assertThat(afterDecline.awaitsProvider()).isFalse();
        assertThat(afterDecline.status()).isEqualTo(VisitStatus.OFFERED);

        Transition accepted = afterDecline.accept("off-3", T0.plusSeconds(20), "in-4");
        assertThat(accepted.visit().status()).isEqualTo(VisitStatus.ASSIGNED);
        assertThat(accepted.events()).hasSize(2);
        assertThat(accepted.events().get(0)).isInstanceOfSatisfying(VisitAssigned.class,
                e -> assertThat(e.providerId()).isEqualTo("p-3"));
        assertThat(accepted.events().get(1)).isInstanceOfSatisfying(OfferWithdrawn.class, e -> {
            assertThat(e.offerId()).isEqualTo("off-2");
            assertThat(e.reason()).isEqualTo("another provider accepted first");
        });
        // the late accept of the withdrawn offer is no longer theirs
        assertThatThrownBy(() -> accepted.visit().accept("off-2", T0.plusSeconds(21), "in-5"))
                .isInstanceOf(IllegalTransition.class);
    }

    @Test
    void aPairIsOfferedAsAPairAndAssignedOnlyOnceBothAccepted() {
        Visit bathing = pair();
        assertThat(bathing.offersToMake(3)).as("pairs are never offered in parallel").isEqualTo(2);
        assertThat(bathing.fewestToOffer()).isEqualTo(2);
        assertThatThrownBy(() -> bathing.offer(List.of(to(NURSE, "off-1")), T0, T0.plusSeconds(60), "in-2", 1))
                .as("half a pair is not offered").isInstanceOf(IllegalTransition.class);
        Transition offered = bathing.offer(List.of(to(NURSE, "off-1"), to(OTHER, "off-2")), T0, T0.plusSeconds(60),
                "in-2", 1);
        assertThat(offered.events()).allSatisfy(e -> assertThat(((VisitOffered) e).offerMode()).isEqualTo(VisitOffered.PAIR));

        Transition firstYes = offered.visit().accept("off-1", T0, "in-3");
        assertThat(firstYes.events()).isEmpty();
        assertThat(firstYes.visit().status()).isNotEqualTo(VisitStatus.ASSIGNED);
        assertThat(firstYes.visit().team()).extracting(Offer::providerId).containsExactly("p-1");

        // the partner declines: the one who accepted keeps their place, one seat is sought again
        Visit partnerGone = firstYes.visit().decline("off-2", "in-4").visit();
        assertThat(partnerGone.awaitsProvider()).isTrue();
        assertThat(partnerGone.offersToMake(1)).isEqualTo(1);
        assertThat(partnerGone.fewestToOffer()).isEqualTo(1);

        Visit replaced = partnerGone.offer(List.of(to(THIRD, "off-3")), T0, T0.plusSeconds(60), "in-5", 1).visit();
        Transition assigned = replaced.accept("off-3", T0, "in-6");
        assertThat(assigned.visit().status()).isEqualTo(VisitStatus.ASSIGNED);
        assertThat(assigned.events()).hasSize(2).allSatisfy(e -> assertThat(((VisitAssigned) e).team())
                .containsExactly("p-1", "p-3"));

        // done when both have ended the visit
        Visit oneEnded = Attendance.end(assigned.visit(), "p-1", "in-7").visit();
        assertThat(oneEnded.status()).isEqualTo(VisitStatus.ASSIGNED);
        assertThat(Attendance.end(oneEnded, "p-3", "in-8").visit().status()).isEqualTo(VisitStatus.DONE);
        assertThatThrownBy(() -> Attendance.end(oneEnded, "p-1", "in-9")).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void expiredOffersLapseTogetherAndCancellingWithdrawsEveryOfferAndAssignment() {
        Visit offered = pair().offer(List.of(to(NURSE, "off-1"), to(OTHER, "off-2")), T0, T0.plusSeconds(60),
                "in-2", 1).visit();
        Transition lapsed = offered.lapseExpired(T0.plusSeconds(61), "in-3");
        assertThat(lapsed.events()).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(OfferWithdrawn.class));
        assertThat(lapsed.visit().excludedProviders()).containsExactlyInAnyOrder("p-1", "p-2");
        assertThat(lapsed.visit().openSeats()).isEqualTo(2);

        Visit half = offered.accept("off-1", T0, "in-4").visit();
        assertThat(half.cancel(T0, "in-5").events()).extracting(e -> ((OfferWithdrawn) e).offerId())
                .containsExactlyInAnyOrder("off-1", "off-2");
    }
}
