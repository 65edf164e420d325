package org.carecircle.dispatch.candidates.domain;

import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.contracts.events.ProviderProfile.Credential;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.dispatch.visit.domain.Candidate;
import org.carecircle.dispatch.visit.domain.Proposal;
import org.carecircle.dispatch.visit.domain.Visit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Eligibility gates and scoring, without Spring, Kafka or Redis. */
class MatchingTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    static final MatchingRules RULES = new MatchingRules(1.0, 6.0, 5.0, 2.0, 5, List.of("护师", "主管护师", "副主任护师", "主任护师"),
            "MED_FIRST_VISIT_ASSESS", List.of("medical", "nursing"));
    static final ServiceDefinition WOUND_CARE = new ServiceDefinition("NURSING_WOUND_CARE", "伤口/压疮换药", "nursing",
            List.of("NURSE"), 40, Priority.ROUTINE, List.of("NURSE_LICENCE"), true, 1);
    static final ServiceDefinition MED_DELIVERY = new ServiceDefinition("CARE_MED_DELIVERY", "送药入户", "living-care",
            List.of("CARE_WORKER"), 20, Priority.ROUTINE, List.of(), false, 1);
    static final ServiceDefinition FIRST_VISIT = new ServiceDefinition("MED_FIRST_VISIT_ASSESS", "首诊评估/上门巡诊",
            "medical", List.of("PHYSICIAN"), 40, Priority.ROUTINE, List.of(), false, 1);
    final Matching matching = new Matching(RULES);

    static Visit visit(PatientPreferences preferences) {
        return Visit.requested(new VisitRequested("in-1", 2, Instant.now(), "ord-1", "wtw3e",
                new Requester("chc-1", "COMMUNITY_HEALTH_CENTER", "changning"), "NURSING_WOUND_CARE", "ROUTINE", "pt-1",
                new GeoPoint(31.22, 121.42), null, new SealedDetails("k", "n", "c"), preferences, TODAY.minusDays(30), null), 1, Instant.EPOCH);
    }

    static Visit newPatient(String serviceCode) {
        return Visit.requested(new VisitRequested("in-1", 3, Instant.now(), "ord-1", "wtw3e",
                new Requester("chc-1", "COMMUNITY_HEALTH_CENTER", "changning"), serviceCode, "ROUTINE", "pt-new",
                new GeoPoint(31.22, 121.42), null, new SealedDetails("k", "n", "c"), null, null, null), 1, Instant.EPOCH);
    }

    static CandidateFacts nurse(String id, int etaMinutes, String title, int years, LocalDate licenceUntil,
                                String gender, int today) {
        // the live store reports the registered limit of 8 as reached once they have 8 visits that day
        return new CandidateFacts(new Candidate(id, "ns-1", "EBIKE", etaMinutes * 250, etaMinutes), false, true, today,
                today >= 8, new ProviderProfile(title, years, List.of(new Credential("NURSE_LICENCE", licenceUntil)), List.of(),
                        gender, List.of(), 8), false);
    }

    static Map<String, String> reasons(Decision decision) {
        return decision.excluded().stream().collect(Collectors.toMap(OfferExplanation.Exclusion::providerId,
                OfferExplanation.Exclusion::reason));
    }

    @Test
    void gatesExcludeWithAReasonEachAndTheNearestEligibleWins() {
        LocalDate valid = TODAY.plusYears(1);
        List<CandidateFacts> candidates = List.of(
                nurse("expired", 2, "主管护师", 10, TODAY.minusDays(1), "FEMALE", 0),
                nurse("junior", 3, "护士", 2, valid, "FEMALE", 0),
                nurse("blocked", 4, "护师", 8, valid, "FEMALE", 0),
                nurse("male", 5, "护师", 8, valid, "MALE", 0),
                new CandidateFacts(new Candidate("silent", "ns-1", "EBIKE", 100, 1), false, false, 0, false, ProviderProfile.unspecified(), false),
                nurse("full", 1, "护师", 8, valid, "FEMALE", 8),
                nurse("good-far", 9, "护师", 8, valid, "FEMALE", 0),
                nurse("good-near", 6, "主管护师", 12, valid, "FEMALE", 0));

        Decision decision = matching.decide(visit(new PatientPreferences("FEMALE", List.of("blocked"))), WOUND_CARE,
                candidates, TODAY, null, 1.0);

        assertThat(reasons(decision)).containsEntry("expired", "NURSE_LICENCE not valid on 2026-11-22")
                .containsEntry("junior", "online home nursing needs 5+ years of practice and the title 护师 or higher")
                .containsEntry("blocked", "the patient asked not to have this provider")
                .containsEntry("male", "the patient asked for a FEMALE provider")
                .containsEntry("silent", "no recent location")
                .containsEntry("full", "reached the daily limit of 8 visits");
        assertThat(decision.ranking()).extracting(r -> r.facts().providerId()).containsExactly("good-near", "good-far");
        assertThat(decision.considered()).isEqualTo(8);
    }

    @Test
    void aLicenceValidOnTheVisitDateCountsEvenIfItExpiresTheDayAfter() {
        Decision decision = matching.decide(visit(null), WOUND_CARE,
                List.of(nurse("last-day", 3, "护师", 6, TODAY, null, 0)), TODAY, null, 1.0);
        assertThat(decision.ranking()).hasSize(1);
    }

    @Test
    void continuityOfCareAndFairnessWeighAgainstTravelTime() {
        LocalDate valid = TODAY.plusYears(1);
        CandidateFacts near = nurse("near-busy", 4, "护师", 8, valid, null, 3);      // 4 + 3 * 2 = 10
        CandidateFacts usual = nurse("usual-nurse", 8, "护师", 8, valid, null, 0);   // 8 - 5 = 3
        CandidateFacts fresh = nurse("near-fresh", 6, "护师", 8, valid, null, 0);    // 6

        Decision decision = matching.decide(visit(null), WOUND_CARE, List.of(near, usual, fresh), TODAY, "usual-nurse", 1.0);

        assertThat(decision.ranking()).extracting(r -> r.facts().providerId())
                .containsExactly("usual-nurse", "near-fresh", "near-busy");
        Decision.Ranked best = decision.ranking().getFirst();
        assertThat(best.eta()).isEqualTo(8.0);
        assertThat(best.continuity()).isEqualTo(-5.0);
        assertThat(best.total()).isEqualTo(3.0);
        OfferExplanation explanation = decision.explain(best, List.of(), 20);
        assertThat(explanation.candidatesConsidered()).isEqualTo(3);
        assertThat(explanation.totalScore()).isEqualTo(3.0);
    }

    @Test
    void theSignedFamilyDoctorTeamComesFirstThenTheLastProvider() {
        LocalDate valid = TODAY.plusYears(1);
        CandidateFacts nearest = nurse("nearest", 5, "护师", 8, valid, null, 0);                       // 5
        CandidateFacts last = nurse("last-served", 9, "护师", 8, valid, null, 0);                      // 9 - 5 = 4
        CandidateFacts team = withOrganization(nurse("team-nurse", 8, "护师", 8, valid, null, 0), "chc-1"); // 8 - 6 = 2

        Decision decision = matching.decide(visit(null), WOUND_CARE, List.of(nearest, last, team), TODAY,
                "last-served", 1.0);

        assertThat(decision.ranking()).extracting(r -> r.facts().providerId())
                .containsExactly("team-nurse", "last-served", "nearest");
        assertThat(decision.ranking().getFirst().continuity()).isEqualTo(-6.0);
    }

    static CandidateFacts withOrganization(CandidateFacts facts, String organizationId) {
        Candidate c = facts.candidate();
        return new CandidateFacts(new Candidate(c.providerId(), organizationId, c.travelMode(), c.distanceMeters(),
                c.etaMinutes()), facts.reserved(), facts.fresh(), facts.assignmentsToday(), facts.atDailyLimit(), facts.profile(), facts.booked());
    }

    @Test
    void anEscalationSaysWhyNobodyCanGo() {
        Visit fresh = visit(null);
        Visit declinedByAll = fresh.offer(List.of(new Proposal(new Candidate("a", "ns-1", "EBIKE", 100, 1), "off-1",
                new OfferExplanation(1, List.of(), 1, 0, 0, 1, 1.0))), Instant.now(), Instant.now(), "in-2", 1).visit().decline("off-1", "in-3").visit();
        CandidateFacts a = nurse("a", 1, "护师", 8, TODAY.plusYears(1), null, 0);
        CandidateFacts junior = nurse("j", 1, "护士", 1, TODAY.plusYears(1), null, 0);

        assertThat(Matching.escalationReason(fresh, matching.decide(fresh, WOUND_CARE, List.of(), TODAY, null, 2.0)))
                .isEqualTo("NO_QUALIFIED_PROVIDER_IN_REACH");
        assertThat(Matching.escalationReason(declinedByAll, matching.decide(declinedByAll, WOUND_CARE, List.of(a), TODAY,
                null, 2.0))).isEqualTo("ALL_DECLINED_OR_LAPSED");
        assertThat(Matching.escalationReason(fresh, matching.decide(fresh, WOUND_CARE, List.of(junior), TODAY, null, 2.0)))
                .isEqualTo("ALL_EXCLUDED_BY_RULES");
    }

    @Test
    void servicesWithoutCredentialGatesNeedNoProfile() {
        Decision decision = matching.decide(visit(null), MED_DELIVERY, List.of(new CandidateFacts(
                new Candidate("carer", "ns-1", "WALKING", 300, 5), false, true, 0, false, ProviderProfile.unspecified(), false)),
                TODAY, null, 1.0);
        assertThat(decision.ranking()).hasSize(1);
        assertThat(decision.excluded()).isEmpty();
    }

    @Test
    void medicalAndNursingServicesForANewPatientWaitForTheFirstVisitAssessment() {
        assertThat(matching.visitGate(newPatient("NURSING_WOUND_CARE"), WOUND_CARE, false))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith(Matching.FIRST_VISIT_MISSING));
        // the assessment itself, living care, a patient assessed through the platform or on the orderer's record
        assertThat(matching.visitGate(newPatient("MED_FIRST_VISIT_ASSESS"), FIRST_VISIT, false)).isEmpty();
        assertThat(matching.visitGate(newPatient("CARE_MED_DELIVERY"), MED_DELIVERY, false)).isEmpty();
        assertThat(matching.visitGate(newPatient("NURSING_WOUND_CARE"), WOUND_CARE, true)).isEmpty();
        assertThat(matching.visitGate(visit(null), WOUND_CARE, false)).isEmpty();
    }
}
