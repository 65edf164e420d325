package org.carecircle.intake.careplan.domain;

import java.time.DayOfWeek;

/**
 * How often a series recurs.
 * <ul>
 *   <li>{@code LTC} — long-term care by assessment level: visits a week from the rules ({@code ltcLevel} 2–6);</li>
 *   <li>{@code FAMILY_BED} — family-bed rounds every {@code everyDays} days (the rules' default when absent);</li>
 *   <li>{@code WEEKLY} — once a week on {@code weekday} (e.g. PICC maintenance; the series' first day when absent).</li>
 * </ul>
 */
public record Recurrence(Kind kind, Integer ltcLevel, Integer everyDays, DayOfWeek weekday) {
    public enum Kind { LTC, FAMILY_BED, WEEKLY }
}
