package org.carecircle.provider.schedule;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;

/** A nursing station's schedule, for the station's dispatchers only. */
@RestController
@Validated
class ScheduleController {
    private final StationSchedule schedule;

    ScheduleController(StationSchedule schedule) {
        this.schedule = schedule;
    }

    /** The station's staff's visits from {@code from} (default today, district time) for {@code days} days. */
    @GetMapping("/stations/{organizationId}/schedule")
    List<StationSchedule.Entry> stationSchedule(@PathVariable @Pattern(regexp = Ids.PATTERN) String organizationId,
                                                @RequestParam(required = false) LocalDate from,
                                                @RequestParam(defaultValue = "7") @Min(1) @Max(31) int days,
                                                Caller caller) {
        caller.requireDispatcherOf(organizationId);
        return schedule.between(organizationId, from, days);
    }
}
