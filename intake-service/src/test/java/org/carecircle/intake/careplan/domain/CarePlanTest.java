package org.carecircle.intake.careplan.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Series of care plans, without Spring, Kafka or Redis. */
class CarePlanTest {
    static final SchedulingRules RULES = new SchedulingRules(Map.of(2, 3, 3, 3, 4, 5, 5, 7, 6, 7),
            Map.of(3, List.of(MONDAY, WEDNESDAY, FRIDAY), 5, List.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY),
                    7, List.of(DayOfWeek.values())), 7, 90);
    static final LocalDate MONDAY_30_NOV = LocalDate.of(2026, 11, 30);
    static final LocalTime NINE = LocalTime.of(9, 0);
    static final LocalTime TEN = LocalTime.of(10, 0);

    static CarePlan plan(Recurrence recurrence, LocalDate start) {
        return CarePlan.start("ser-1", "CARE_LTC_VISIT", start, new CarePlan.Segment(start, recurrence, NINE, TEN), null,
                RULES);
    }

    static Recurrence ltc(int level) {
        return new Recurrence(Recurrence.Kind.LTC, level, null, null);
    }

    @ParameterizedTest(name = "level {0}: {1} visits in four weeks")
    @CsvSource({"2, 12", "3, 12", "4, 20", "5, 28", "6, 28"})
    void longTermCareLevelsGiveTheirVisitsAWeekOverFourWeeks(int level, int visits) {
        List<CarePlan.Occurrence> fourWeeks = plan(ltc(level), MONDAY_30_NOV)
                .occurrences(MONDAY_30_NOV, MONDAY_30_NOV.plusWeeks(4).minusDays(1), RULES);

        assertThat(fourWeeks).hasSize(visits).allSatisfy(o -> {
            assertThat(o.earliestStart()).isEqualTo(NINE);
            assertThat(o.latestStart()).isEqualTo(TEN);
        });
        assertThat(fourWeeks).extracting(CarePlan.Occurrence::date).doesNotHaveDuplicates();
        assertThat(fourWeeks).extracting(o -> o.date().getDayOfWeek()).isSubsetOf(RULES.ltcWeekdays(level));
        for (int week = 0; week < 4; week++) {
            LocalDate from = MONDAY_30_NOV.plusWeeks(week);
            assertThat(fourWeeks.stream().filter(o -> !o.date().isBefore(from) && o.date().isBefore(from.plusWeeks(1))))
                    .as("week %d", week + 1).hasSize(visits / 4);
        }
        if (visits == 12) {
            assertThat(fourWeeks).extracting(o -> o.date().getDayOfWeek()).containsOnly(MONDAY, WEDNESDAY, FRIDAY);
        }
        if (visits == 20) {
            assertThat(fourWeeks).extracting(o -> o.date().getDayOfWeek()).doesNotContain(SATURDAY, SUNDAY);
        }
    }

    @Test
    void levelsOutsideTwoToSixDoNotQualify() {
        assertThatThrownBy(() -> plan(ltc(1), MONDAY_30_NOV)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 1");
    }

    @Test
    void familyBedRoundsRecurAtTheirFrequencyForAtMostTheEpisode() {
        CarePlan beds = plan(new Recurrence(Recurrence.Kind.FAMILY_BED, null, 3, null), MONDAY_30_NOV);

        assertThat(beds.occurrences(MONDAY_30_NOV, MONDAY_30_NOV.plusDays(13), RULES)).extracting(CarePlan.Occurrence::date)
                .containsExactly(MONDAY_30_NOV, MONDAY_30_NOV.plusDays(3), MONDAY_30_NOV.plusDays(6),
                        MONDAY_30_NOV.plusDays(9), MONDAY_30_NOV.plusDays(12));
        assertThat(beds.endDate()).isEqualTo(MONDAY_30_NOV.plusDays(89));
        assertThat(beds.occurrences(MONDAY_30_NOV.plusDays(85), MONDAY_30_NOV.plusDays(200), RULES))
                .extracting(CarePlan.Occurrence::date).containsExactly(MONDAY_30_NOV.plusDays(87));
    }

    @Test
    void piccMaintenanceIsWeeklyOnTheFirstDaysWeekday() {
        LocalDate thursday = LocalDate.of(2026, 12, 3);
        assertThat(plan(new Recurrence(Recurrence.Kind.WEEKLY, null, null, null), thursday)
                .occurrences(thursday, thursday.plusWeeks(4).minusDays(1), RULES)).extracting(CarePlan.Occurrence::date)
                .containsExactly(thursday, thursday.plusWeeks(1), thursday.plusWeeks(2), thursday.plusWeeks(3));
    }

    @Test
    void aSeriesCanBePausedChangedFromADateAndEnded() {
        CarePlan plan = plan(ltc(4), MONDAY_30_NOV);
        LocalDate week2 = MONDAY_30_NOV.plusWeeks(1);
        LocalDate week3 = MONDAY_30_NOV.plusWeeks(2);
        LocalDate week4 = MONDAY_30_NOV.plusWeeks(3);

        CarePlan paused = plan.pause(week2, "in hospital").resume(week3);
        assertThat(paused.occurrences(MONDAY_30_NOV, week4.minusDays(1), RULES)).hasSize(10)
                .noneMatch(o -> !o.date().isBefore(week2) && o.date().isBefore(week3));

        CarePlan changed = plan.changeFrom(week3, ltc(6), LocalTime.of(14, 0), LocalTime.of(15, 0), RULES);
        List<CarePlan.Occurrence> afterChange = changed.occurrences(week3, week4.minusDays(1), RULES);
        assertThat(afterChange).hasSize(7).allSatisfy(o -> assertThat(o.earliestStart()).isEqualTo(LocalTime.of(14, 0)));
        assertThat(changed.occurrences(MONDAY_30_NOV, week3.minusDays(1), RULES)).hasSize(10)
                .allSatisfy(o -> assertThat(o.earliestStart()).isEqualTo(NINE));

        CarePlan ended = plan.end(week2.minusDays(1), "moved to a care home");
        assertThat(ended.occurrences(MONDAY_30_NOV, week4, RULES)).hasSize(5);
        assertThatThrownBy(() -> ended.pause(week3, "x")).isInstanceOf(IllegalStateException.class);
    }
}
