package org.carecircle.dispatch.reports;

import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.events.VisitSlaBreached;
import org.carecircle.dispatch.DispatchProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The daily report per area and service: orders, the share assigned inside the 15-minute circle (travel time within
 * {@code circle-minutes}), median and p90 time to assign, SLA breaches, escalations. One line per order, by the
 * service date of its request, in {@code cc:{dispatch}:report:<date>} (a hash, 90 days) — rebuilt from {@code visit-orders} and
 * {@code visit-dispatch} by replaying them (its own consumer group).
 */
@Service
public class DailyReports {
    private static final Duration KEEP = Duration.ofDays(90);
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final DispatchProperties properties;

    DailyReports(StringRedisTemplate redis, JsonMapper json, DispatchProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
    }

    /** What the report keeps of one order (no personal data). */
    record Line(String area, String serviceCode, String priority, Instant requestedAt, Instant assignedAt,
                Integer etaMinutes, boolean slaBreached, boolean escalated) {
    }

    /** One row of the report. */
    public record Row(LocalDate date, String area, String serviceCode, int orders, int assigned,
                      double shareAssignedInsideCircle, Long medianSecondsToAssign, Long p90SecondsToAssign,
                      int slaBreaches, int escalations) {
    }

    void requested(VisitRequested e) {
        LocalDate date = LocalDate.ofInstant(e.occurredAt(), properties.zone());
        redis.opsForValue().set(dateKey(e.orderId()), date.toString(), KEEP);
        String key = reportKey(date);
        redis.opsForHash().putIfAbsent(key, e.orderId(), json.writeValueAsString(new Line(
                properties.batchArea(e.areaKey()), e.serviceCode(), e.priority(), e.occurredAt(), null, null, false,
                false)));
        redis.expire(key, KEEP);
    }

    void assigned(VisitAssigned e) {
        change(e.orderId(), l -> l.assignedAt() != null ? l : new Line(l.area(), l.serviceCode(), l.priority(),
                l.requestedAt(), e.occurredAt(), e.etaMinutes(), l.slaBreached(), l.escalated()));
    }

    void escalated(VisitEscalated e) {
        change(e.orderId(), l -> new Line(l.area(), l.serviceCode(), l.priority(), l.requestedAt(), l.assignedAt(),
                l.etaMinutes(), l.slaBreached(), true));
    }

    void breached(VisitSlaBreached e) {
        change(e.orderId(), l -> new Line(l.area(), l.serviceCode(), l.priority(), l.requestedAt(), l.assignedAt(),
                l.etaMinutes(), true, l.escalated()));
    }

    /** The report of {@code date}, a row per area and service, areas of {@code areaPrefix} only (all when null). */
    public List<Row> report(LocalDate date, String areaPrefix) {
        Map<List<String>, List<Line>> groups = redis.opsForHash().values(reportKey(date)).stream()
                .map(v -> json.readValue((String) v, Line.class))
                .filter(l -> areaPrefix == null || l.area().startsWith(areaPrefix))
                .collect(Collectors.groupingBy(l -> List.of(l.area(), l.serviceCode()),
                        () -> new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1))),
                        Collectors.toList()));
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, lines) -> {
            List<Long> toAssign = lines.stream().filter(l -> l.assignedAt() != null)
                    .map(l -> Duration.between(l.requestedAt(), l.assignedAt()).toSeconds()).sorted().toList();
            long inside = lines.stream().filter(l -> l.etaMinutes() != null
                    && l.etaMinutes() <= properties.circleMinutes()).count();
            rows.add(new Row(date, key.get(0), key.get(1), lines.size(), toAssign.size(),
                    toAssign.isEmpty() ? 0 : (double) inside / toAssign.size(), percentile(toAssign, 50),
                    percentile(toAssign, 90), (int) lines.stream().filter(Line::slaBreached).count(),
                    (int) lines.stream().filter(Line::escalated).count()));
        });
        return rows;
    }

    /** Nearest-rank percentile of sorted values; {@code null} when there are none. */
    static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private void change(String orderId, UnaryOperator<Line> change) {
        String date = redis.opsForValue().get(dateKey(orderId));
        if (date == null) {
            return; // its request was not seen (yet); the report is rebuilt by replay
        }
        String key = reportKey(LocalDate.parse(date));
        Object current = redis.opsForHash().get(key, orderId);
        if (current != null) {
            redis.opsForHash().put(key, orderId, json.writeValueAsString(change.apply(json.readValue((String) current, Line.class))));
        }
    }

    private static String reportKey(LocalDate date) {
        return "cc:{dispatch}:report:" + date;
    }

    private static String dateKey(String orderId) {
        return "cc:{dispatch}:report:date:" + orderId;
    }
}
