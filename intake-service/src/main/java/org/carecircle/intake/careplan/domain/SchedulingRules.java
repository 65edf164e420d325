package org.carecircle.intake.careplan.domain;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;

/**
 * The rules of care plans, as data (see {@code intake-service.yml}).
 *
 * @param ltcVisitsPerWeek       long-term-care assessment level → visits a week (Shanghai: 2–3 → 3, 4 → 5, 5–6 → 7)
 * @param weekdaysForVisits      visits a week → the weekdays they fall on
 * @param familyBedEveryDays     default days between family-bed rounds
 * @param familyBedEpisodeDays   longest family-bed episode (its series ends then at the latest)
 */
public record SchedulingRules(Map<Integer, Integer> ltcVisitsPerWeek, Map<Integer, List<DayOfWeek>> weekdaysForVisits,
                              int familyBedEveryDays, int familyBedEpisodeDays) {

    public List<DayOfWeek> ltcWeekdays(int level) {
        Integer perWeek = ltcVisitsPerWeek.get(level);
        if (perWeek == null) {
            throw new IllegalArgumentException("long-term care level " + level + " does not qualify for home care (levels "
                    + ltcVisitsPerWeek.keySet() + ")");
        }
        List<DayOfWeek> days = weekdaysForVisits.get(perWeek);
        if (days == null || days.size() != perWeek) {
            throw new IllegalStateException("no weekdays configured for " + perWeek + " visits a week");
        }
        return days;
    }
}
