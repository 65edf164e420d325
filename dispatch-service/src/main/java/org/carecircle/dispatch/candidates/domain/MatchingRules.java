package org.carecircle.dispatch.candidates.domain;

import java.util.List;

/**
 * The rules of matching, as data.
 *
 * @param etaPerMinute           score per minute of travel (lower total score wins)
 * @param teamBonus              subtracted for providers of the patient's signed family-doctor team
 * @param continuityBonus         subtracted for the provider who last served the patient
 * @param fairnessPerVisit       added per visit the provider already has today
 * @param onlineNursingYears     minimum years of practice for online-ordered home nursing
 * @param onlineNursingTitles    titles that qualify for online-ordered home nursing (护师 or higher)
 * @param firstVisitService      the catalogue code of the first-visit assessment (首诊)
 * @param firstVisitCategories   categories of services that need that assessment on record for the patient first
 */
public record MatchingRules(double etaPerMinute, double teamBonus, double continuityBonus, double fairnessPerVisit,
                            int onlineNursingYears, List<String> onlineNursingTitles, String firstVisitService,
                            List<String> firstVisitCategories) {
    public MatchingRules {
        onlineNursingTitles = List.copyOf(onlineNursingTitles);
        firstVisitCategories = List.copyOf(firstVisitCategories);
    }
}
