package org.carecircle.dispatch.supervision;

import org.carecircle.contracts.AreaKey;
import org.carecircle.dispatch.candidates.AreaPauses;
import org.carecircle.dispatch.visit.EscalationLog;
import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.dispatch.visit.domain.VisitStatus;
import org.carecircle.live.LiveFacts;
import org.carecircle.live.LiveProviders;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.time.LocalDate;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a district's supervisors watch: the live queue per area, the escalations, and who is on duty where. Read
 * from dispatch's live state; no personal data (areas are geohash cells, visits are order ids and services).
 */
@Service
public class Supervision {
    private static final int MOST_VISITS = 2000;
    private final VisitRepository visits;
    private final EscalationLog escalations;
    private final AreaPauses pauses;
    private final DispatchProperties properties;
    private final LiveProviders live;
    private final Clock clock;

    Supervision(VisitRepository visits, EscalationLog escalations, AreaPauses pauses, DispatchProperties properties,
                LiveProviders live, Clock clock) {
        this.visits = visits;
        this.escalations = escalations;
        this.pauses = pauses;
        this.properties = properties;
        this.live = live;
        this.clock = clock;
    }

    /**
     * One area's queue.
     *
     * @param slaAtRisk visits past {@code sla-at-risk} of their assignment target (or past it) and still without anyone
     */
    public record AreaQueue(String area, int waiting, int offered, int escalated, long oldestWaitSeconds, int slaAtRisk,
                            AreaPauses.Pause paused) {
    }

    /** A visit in a queue, without personal data. */
    public record QueuedVisit(String orderId, String area, String serviceCode, String priority, VisitStatus status,
                              long waitingSeconds, int openOffers, boolean escalated, boolean slaAtRisk) {
    }

    public record Escalation(String orderId, String area, String serviceCode, String priority, String reason,
                             String detail, long waitingSeconds, Instant escalatedAt) {
    }

    public record OnDuty(String area, String role, int available, int busy) {
    }

    /** The district's live visits not yet assigned, oldest first. */
    public List<QueuedVisit> visits(String district) {
        Instant now = clock.instant();
        return activeVisits(district).stream().sorted(Comparator.comparing(Visit::requestedAt))
                .map(v -> new QueuedVisit(v.orderId(), properties.batchArea(v.areaKey()), v.serviceCode(), v.priority(),
                        v.status(), Duration.between(v.dispatchFrom(), now).toSeconds(), v.offers().size(),
                        v.escalated(), atRisk(v, now)))
                .toList();
    }

    /** Per area of the district: waiting, offered, escalated, oldest wait, SLA at risk, pause. */
    public List<AreaQueue> areas(String district) {
        Map<String, List<QueuedVisit>> byArea = visits(district).stream()
                .collect(Collectors.groupingBy(QueuedVisit::area, TreeMap::new, Collectors.toList()));
        Map<String, AreaPauses.Pause> paused = pauses.all();
        List<AreaQueue> areas = new ArrayList<>();
        byArea.forEach((area, list) -> areas.add(new AreaQueue(area,
                (int) list.stream().filter(v -> v.openOffers() == 0).count(),
                (int) list.stream().filter(v -> v.openOffers() > 0).count(),
                (int) list.stream().filter(QueuedVisit::escalated).count(),
                list.stream().mapToLong(QueuedVisit::waitingSeconds).max().orElse(0),
                (int) list.stream().filter(QueuedVisit::slaAtRisk).count(), paused.get(area))));
        paused.forEach((area, pause) -> {
            if (!byArea.containsKey(area)) {
                areas.add(new AreaQueue(area, 0, 0, 0, 0, 0, pause));
            }
        });
        return areas;
    }

    /**
     * Escalated visits of the district, with the reason: those still without anyone, and those whose provider left
     * before checking in (until they check in or the visit is dispatched anew).
     */
    public List<Escalation> escalations(String district) {
        Instant now = clock.instant();
        Stream<Visit> departed = visits.departedBy(Long.MAX_VALUE, MOST_VISITS).stream()
                .flatMap(id -> visits.find(id).stream()).map(VisitRepository.Stored::visit)
                .filter(v -> district.equals(v.district()) && !v.departed().isEmpty());
        return Stream.concat(activeVisits(district).stream().filter(Visit::escalated), departed)
                .map(v -> escalations.find(v.orderId()).map(e -> new Escalation(v.orderId(),
                        properties.batchArea(v.areaKey()), v.serviceCode(), v.priority(), e.reason(), e.detail(),
                        Duration.between(v.dispatchFrom(), now).toSeconds(), e.at())).orElse(null))
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toMap(Escalation::orderId, e -> e, (first, again) -> first)).values().stream()
                .sorted(Comparator.comparing(Escalation::escalatedAt)).toList();
    }

    /**
     * Providers on duty with a fresh location, per area and role: available (free) or busy (an offer, a visit, the
     * travel buffer or a break). Counts only: whereabouts stay in the live store.
     */
    public List<OnDuty> onDuty() {
        Map<List<String>, int[]> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (LiveFacts provider : live.onDuty(LocalDate.now(clock))) {
            if (provider.lat() == null || provider.lon() == null) {
                continue;
            }
            String area = AreaKey.of(provider.lat(), provider.lon(), properties.batching().areaPrecision());
            String role = provider.role() == null ? "?" : provider.role();
            counts.computeIfAbsent(List.of(area, role), k -> new int[2])[provider.onBreak() || provider.reserved() ? 1 : 0]++;
        }
        return counts.entrySet().stream().map(e -> new OnDuty(e.getKey().get(0), e.getKey().get(1), e.getValue()[0],
                e.getValue()[1])).toList();
    }

    private List<Visit> activeVisits(String district) {
        return visits.active(MOST_VISITS).stream().flatMap(id -> visits.find(id).stream())
                .map(VisitRepository.Stored::visit)
                .filter(v -> district.equals(v.district()) && !v.isFinal() && v.status() != VisitStatus.ASSIGNED
                        && !v.dispatchFrom().isAfter(clock.instant())) // not planned ahead
                .toList();
    }

    private boolean atRisk(Visit visit, Instant now) {
        Duration target = properties.assignWithin(visit.priority());
        return visit.slaBreached() || Duration.between(visit.dispatchFrom(), now).toMillis()
                >= target.toMillis() * properties.slaAtRisk();
    }
}
