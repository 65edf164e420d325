package org.carecircle.dispatch.reports;

import jakarta.validation.constraints.Pattern;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.edge.security.Caller;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The daily report for district supervisors, as JSON or as a CSV download. */
@RestController
@Validated
class ReportController {
    private final DailyReports reports;
    private final DispatchProperties properties;
    private final Clock clock;

    ReportController(DailyReports reports, DispatchProperties properties, Clock clock) {
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping(path = "/dispatch/reports/daily", produces = MediaType.APPLICATION_JSON_VALUE)
    List<DailyReports.Row> json(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                                @RequestParam(required = false) @Pattern(regexp = "[0-9b-hjkmnp-z]{1,12}") String area,
                                Caller caller) {
        caller.supervisedDistrict();
        return reports.report(date == null ? LocalDate.now(clock.withZone(properties.zone())) : date, area);
    }

    @GetMapping(path = "/dispatch/reports/daily.csv", produces = "text/csv")
    ResponseEntity<String> csv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                               @RequestParam(required = false) @Pattern(regexp = "[0-9b-hjkmnp-z]{1,12}") String area,
                               Caller caller) {
        LocalDate day = date == null ? LocalDate.now(clock.withZone(properties.zone())) : date;
        StringBuilder csv = new StringBuilder("date,area,service,orders,assigned,share_assigned_inside_circle,"
                + "median_seconds_to_assign,p90_seconds_to_assign,sla_breaches,escalations\n");
        for (DailyReports.Row r : json(day, area, caller)) {
            csv.append(String.join(",", r.date().toString(), r.area(), r.serviceCode(), String.valueOf(r.orders()),
                    String.valueOf(r.assigned()), String.format(Locale.ROOT, "%.3f", r.shareAssignedInsideCircle()),
                    r.medianSecondsToAssign() == null ? "" : r.medianSecondsToAssign().toString(),
                    r.p90SecondsToAssign() == null ? "" : r.p90SecondsToAssign().toString(),
                    String.valueOf(r.slaBreaches()), String.valueOf(r.escalations()))).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"carecircle-daily-" + day + ".csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)).body(csv.toString());
    }
}
