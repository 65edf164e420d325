package org.carecircle.dispatch.candidates.domain;

import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.events.OfferExplanation.Exclusion;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.dispatch.visit.domain.Visit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who may go, and who should: the eligibility gates (as data from the catalogue and the registry) and the score
 * (travel time, continuity of care, fairness). Pure: the same inputs give the same decision.
 */
public final class Matching {
    private final MatchingRules rules;

    public Matching(MatchingRules rules) {
        this.rules = rules;
    }

    /**
     * @param lastProvider the provider who last served this patient, if known
     */
    public Decision decide(Visit visit, ServiceDefinition service, List<CandidateFacts> candidates,
                           LocalDate serviceDate, String lastProvider, double radiusFactor) {
        List<Exclusion> excluded = new ArrayList<>();
        List<Decision.Ranked> ranked = new ArrayList<>();
        for (CandidateFacts facts : candidates) {
            Optional<String> reason = exclusion(visit, service, facts, serviceDate);
            if (reason.isPresent()) {
                excluded.add(new Exclusion(facts.providerId(), reason.get()));
                continue;
            }
            double eta = rules.etaPerMinute() * facts.candidate().etaMinutes();
            // continuity of care: the patient's signed family-doctor team first, then whoever served them last
            double continuity = (facts.candidate().organizationId().equals(visit.signedTeam()) ? -rules.teamBonus() : 0)
                    + (facts.providerId().equals(lastProvider) ? -rules.continuityBonus() : 0);
            double fairness = rules.fairnessPerVisit() * facts.assignmentsToday();
            ranked.add(new Decision.Ranked(facts, eta, continuity, fairness));
        }
        ranked.sort(Comparator.comparingDouble(Decision.Ranked::total)
                .thenComparing(r -> r.facts().providerId()));
        return new Decision(candidates.size(), excluded, ranked, radiusFactor);
    }

    /** The reason a visit waits for its patient's first-visit assessment, as escalations name it. */
    public static final String FIRST_VISIT_MISSING = "FIRST_VISIT_ASSESSMENT_MISSING";

    /**
     * Why {@code visit} may not go to anyone yet, if so: a medical or nursing service for a patient with no
     * first-visit assessment (首诊) on record — neither stated by the orderer nor done through the platform.
     */
    public Optional<String> visitGate(Visit visit, ServiceDefinition service, boolean assessedOnRecord) {
        boolean needsAssessment = rules.firstVisitCategories().contains(service.category())
                && !service.code().equals(rules.firstVisitService());
        if (needsAssessment && visit.firstVisitAssessedOn() == null && !assessedOnRecord) {
            return Optional.of(FIRST_VISIT_MISSING + ": a " + rules.firstVisitService()
                    + " visit must come first for a new patient");
        }
        return Optional.empty();
    }

    /**
     * Why nobody can take {@code visit} (when {@code decision} ranked nobody): everyone in reach already declined or
     * let an offer lapse, nobody qualified is in reach at all, or the rules excluded everyone in reach.
     */
    public static String escalationReason(Visit visit, Decision decision) {
        boolean onlyDecliners = !visit.excludedProviders().isEmpty() && decision.excluded().stream()
                .allMatch(e -> visit.excludedProviders().contains(e.providerId()));
        if (onlyDecliners) {
            return "ALL_DECLINED_OR_LAPSED";
        }
        return decision.considered() == 0 ? "NO_QUALIFIED_PROVIDER_IN_REACH" : "ALL_EXCLUDED_BY_RULES";
    }

    /** The exclusion a supervisor may override (with a recorded reason): they asked an earlier decliner again. */
    public static final String DECLINED_EARLIER = "declined or let an earlier offer of this visit lapse";

    /** Why {@code facts} may not go, if they may not. */
    public Optional<String> exclusion(Visit visit, ServiceDefinition service, CandidateFacts facts, LocalDate serviceDate) {
        ProviderProfile profile = facts.profile();
        PatientPreferences preferences = visit.preferences();
        if (visit.excludedProviders().contains(facts.providerId())) {
            return Optional.of(DECLINED_EARLIER);
        }
        if (!visit.planned() && facts.reserved()) {
            return Optional.of("busy with another offer or visit");
        }
        if (!visit.planned() && !facts.fresh()) {
            return Optional.of("no recent location");
        }
        if (facts.booked()) {
            return Optional.of("booked for another visit in that time");
        }
        if (facts.atDailyLimit()) {
            return Optional.of("reached the daily limit of " + profile.maxVisitsPerDay() + " visits");
        }
        for (String credential : service.credentials()) {
            boolean valid = profile.credentials().stream()
                    .anyMatch(c -> c.type().equals(credential) && c.validUntil() != null
                            && !c.validUntil().isBefore(serviceDate));
            if (!valid) {
                return Optional.of(credential + " not valid on " + serviceDate);
            }
        }
        if (service.onlineNursing() && (profile.yearsOfPractice() < rules.onlineNursingYears()
                || !rules.onlineNursingTitles().contains(profile.title()))) {
            return Optional.of("online home nursing needs " + rules.onlineNursingYears()
                    + "+ years of practice and the title 护师 or higher");
        }
        if (preferences.blockedProviders().contains(facts.providerId())) {
            return Optional.of("the patient asked not to have this provider");
        }
        if (preferences.providerGender() != null && !preferences.providerGender().equals(profile.gender())) {
            return Optional.of("the patient asked for a " + preferences.providerGender() + " provider");
        }
        return Optional.empty();
    }
}
