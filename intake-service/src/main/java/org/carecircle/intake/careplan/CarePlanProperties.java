package org.carecircle.intake.careplan;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.carecircle.intake.careplan.domain.SchedulingRules;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Care plans (see {@code intake-service.yml}).
 *
 * @param horizonDays           occurrences are placed as orders this many days ahead (the dispatch lead time
 *                              decides when each is matched)
 * @param materializeInterval   how often every open series is brought up to the horizon
 * @param zone                  the district's time zone: windows are local times
 * @param ltcVisitsPerWeek      long-term-care level → visits a week
 * @param weekdaysForVisits     visits a week → weekdays
 * @param familyBedEveryDays    default days between family-bed rounds
 * @param familyBedEpisodeDays  longest family-bed episode
 */
@Validated
@ConfigurationProperties("carecircle.care-plans")
public record CarePlanProperties(@Min(1) int horizonDays, @NotNull Duration materializeInterval, @NotNull ZoneId zone,
                                 @NotEmpty Map<Integer, Integer> ltcVisitsPerWeek,
                                 @NotEmpty Map<Integer, List<DayOfWeek>> weekdaysForVisits,
                                 @Min(1) int familyBedEveryDays, @Min(1) int familyBedEpisodeDays) {
    public SchedulingRules rules() {
        return new SchedulingRules(ltcVisitsPerWeek, weekdaysForVisits, familyBedEveryDays, familyBedEpisodeDays);
    }
}
