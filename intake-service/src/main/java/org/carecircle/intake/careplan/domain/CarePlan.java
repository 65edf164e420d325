package org.carecircle.intake.careplan.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A care plan's series of visits: what recurs from which date (segments, so that a change applies from its date
 * on), when the series is paused, and when it ends. Each occurrence becomes its own order, linked to the series.
 * Pure: every change returns the plan after it; {@link #occurrences} says which dates have a visit.
 *
 * @param seriesId  the series' id (orders of its occurrences carry it)
 * @param segments  recurrences with their daily window, each from its date until the next segment's
 * @param pauses    periods without visits
 * @param endDate   the last day of the series (inclusive), or {@code null} while open
 */
public record CarePlan(String seriesId, String serviceCode, LocalDate startDate, List<Segment> segments,
                       List<Pause> pauses, LocalDate endDate, String endReason) {

    public CarePlan {
        segments = List.copyOf(segments);
        pauses = List.copyOf(pauses);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a care plan needs a recurrence");
        }
    }

    /** A recurrence with its daily time window (Asia/Shanghai local time), from {@code from} on. */
    public record Segment(LocalDate from, Recurrence recurrence, LocalTime earliestStart, LocalTime latestStart) {
        public Segment {
            if (earliestStart == null || latestStart == null || latestStart.isBefore(earliestStart)) {
                throw new IllegalArgumentException("a window needs an earliest start not after its latest start");
            }
        }
    }

    /** No visits from {@code from} until {@code until} (exclusive; {@code null} = until resumed). */
    public record Pause(LocalDate from, LocalDate until, String reason) {
        boolean covers(LocalDate day) {
            return !day.isBefore(from) && (until == null || day.isBefore(until));
        }
    }

    public static CarePlan start(String seriesId, String serviceCode, LocalDate startDate, Segment first,
                                 LocalDate endDate, SchedulingRules rules) {
        if (endDate != null && endDate.isBefore(startDate)) {
            throw new IllegalArgumentException("the series cannot end before it starts");
        }
        if (!first.from().equals(startDate)) {
            throw new IllegalArgumentException("the first recurrence starts with the series");
        }
        validate(first.recurrence(), rules);
        LocalDate end = endDate;
        if (first.recurrence().kind() == Recurrence.Kind.FAMILY_BED) {
            LocalDate episodeEnd = startDate.plusDays(rules.familyBedEpisodeDays() - 1L);
            end = end == null || end.isAfter(episodeEnd) ? episodeEnd : end;
        }
        return new CarePlan(seriesId, serviceCode, startDate, List.of(first), List.of(), end, null);
    }

    /** The dates with a visit in [{@code from}, {@code to}] (inclusive), in order. */
    public List<Occurrence> occurrences(LocalDate from, LocalDate to, SchedulingRules rules) {
        List<Occurrence> dates = new ArrayList<>();
        LocalDate first = from.isBefore(startDate) ? startDate : from;
        LocalDate last = endDate != null && endDate.isBefore(to) ? endDate : to;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            Segment segment = segmentOn(day);
            LocalDate today = day;
            if (segment != null && falls(segment, day, rules) && pauses.stream().noneMatch(p -> p.covers(today))) {
                dates.add(new Occurrence(day, segment.earliestStart(), segment.latestStart()));
            }
        }
        return dates;
    }

    /** One visit of the series: its date and daily window. */
    public record Occurrence(LocalDate date, LocalTime earliestStart, LocalTime latestStart) {
    }

    /** No visits from {@code from} on until resumed. */
    public CarePlan pause(LocalDate from, String reason) {
        requireOpen("pause");
        if (pauses.stream().anyMatch(p -> p.until() == null)) {
            throw new IllegalStateException("the series is paused already");
        }
        List<Pause> next = new ArrayList<>(pauses);
        next.add(new Pause(from, null, reason));
        return new CarePlan(seriesId, serviceCode, startDate, segments, next, endDate, endReason);
    }

    /** Visits again from {@code on} on. */
    public CarePlan resume(LocalDate on) {
        requireOpen("resume");
        Pause open = pauses.stream().filter(p -> p.until() == null).findFirst()
                .orElseThrow(() -> new IllegalStateException("the series is not paused"));
        if (on.isBefore(open.from())) {
            throw new IllegalArgumentException("a series resumes after its pause began (" + open.from() + ")");
        }
        List<Pause> next = new ArrayList<>(pauses);
        next.set(next.indexOf(open), new Pause(open.from(), on, open.reason()));
        return new CarePlan(seriesId, serviceCode, startDate, segments, next, endDate, endReason);
    }

    /** From {@code from} on the series recurs differently (or in another window); earlier visits stay. */
    public CarePlan changeFrom(LocalDate from, Recurrence recurrence, LocalTime earliestStart, LocalTime latestStart,
                               SchedulingRules rules) {
        requireOpen("change");
        if (from.isBefore(startDate)) {
            throw new IllegalArgumentException("a change applies from a date of the series on");
        }
        validate(recurrence, rules);
        List<Segment> next = new ArrayList<>(segments.stream().filter(s -> s.from().isBefore(from)).toList());
        next.add(new Segment(from, recurrence, earliestStart, latestStart));
        next.sort(Comparator.comparing(Segment::from));
        return new CarePlan(seriesId, serviceCode, startDate, next, pauses, endDate, endReason);
    }

    /** The series ends after {@code lastDay}: no visits later. */
    public CarePlan end(LocalDate lastDay, String reason) {
        requireOpen("end");
        LocalDate last = lastDay.isBefore(startDate) ? startDate.minusDays(1) : lastDay;
        return new CarePlan(seriesId, serviceCode, startDate, segments, pauses,
                endDate != null && endDate.isBefore(last) ? endDate : last, reason);
    }

    public boolean ended(LocalDate today) {
        return endDate != null && endDate.isBefore(today);
    }

    private Segment segmentOn(LocalDate day) {
        Segment found = null;
        for (Segment s : segments) {
            if (!s.from().isAfter(day)) {
                found = s;
            }
        }
        return found;
    }

    private boolean falls(Segment segment, LocalDate day, SchedulingRules rules) {
        Recurrence r = segment.recurrence();
        return switch (r.kind()) {
            case LTC -> rules.ltcWeekdays(r.ltcLevel()).contains(day.getDayOfWeek());
            case FAMILY_BED -> ChronoUnit.DAYS.between(segment.from(), day)
                    % (r.everyDays() == null ? rules.familyBedEveryDays() : r.everyDays()) == 0;
            case WEEKLY -> day.getDayOfWeek() == (r.weekday() == null ? segment.from().getDayOfWeek() : r.weekday());
        };
    }

    private static void validate(Recurrence recurrence, SchedulingRules rules) {
        switch (recurrence.kind()) {
            case LTC -> {
                if (recurrence.ltcLevel() == null) {
                    throw new IllegalArgumentException("long-term care needs its assessment level (ltcLevel)");
                }
                rules.ltcWeekdays(recurrence.ltcLevel());
            }
            case FAMILY_BED -> {
                if (recurrence.everyDays() != null && recurrence.everyDays() < 1) {
                    throw new IllegalArgumentException("rounds need at least a day between them");
                }
            }
            case WEEKLY -> { }
        }
    }

    private void requireOpen(String action) {
        if (endReason != null) {
            throw new IllegalStateException("cannot " + action + " a series that was ended");
        }
    }

    /** Weekday helper for callers building a weekly recurrence. */
    public static Recurrence weekly(DayOfWeek day) {
        return new Recurrence(Recurrence.Kind.WEEKLY, null, null, day);
    }
}
