package org.carecircle.simulator.record;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform's promises checked from the record — the events on the topics, read after the fact — not from what
 * the services' own views say. Each check returns what broke it, so a report can name it:
 * <ul>
 *   <li><b>lost</b>: an order answered 202 that never reached the record;</li>
 *   <li><b>stuck</b>: an order whose life stopped without an outcome: nothing after its request (and no window
 *   ahead), or a decline, withdrawal or acceptance with nothing after it;</li>
 *   <li><b>double</b>: a visit held by more providers at once than its team has;</li>
 *   <li><b>overlapping</b>: a provider offered a visit while holding another (offer or visit);</li>
 *   <li><b>accepted after withdrawal</b>: a visit assigned on an offer already withdrawn (or lapsed);</li>
 *   <li><b>unexplained</b>: an offer without its explanation;</li>
 *   <li><b>re-offered</b>: a provider offered again the visit they declined;</li>
 *   <li><b>ordered twice</b>: one request (the orderer's Idempotency-Key) that made two orders.</li>
 * </ul>
 * Events are the JSON of the topics ({@code visit-orders}, {@code visit-dispatch}, {@code offer-responses},
 * {@code visit-progress}), duplicates (same event id) already removed or not.
 */
public final class RecordCheck {
    private static final Set<String> ENDED = Set.of("visit-cancelled", "visit-completed", "visit-not-done");
    private static final Set<String> LEFT_HANGING = Set.of("visit-requested", "offer-declined", "offer-withdrawn",
            "offer-accepted");

    /** What each check found; empty lists when the record keeps every promise. */
    public record Report(List<String> lost, List<String> stuck, List<String> doubleAssigned, List<String> overlapping,
                         List<String> acceptedAfterWithdrawal, List<String> unexplained, List<String> reOffered,
                         List<String> orderedTwice) {
        public boolean clean() {
            return lost.isEmpty() && stuck.isEmpty() && doubleAssigned.isEmpty() && overlapping.isEmpty()
                    && acceptedAfterWithdrawal.isEmpty() && unexplained.isEmpty() && reOffered.isEmpty()
                    && orderedTwice.isEmpty();
        }
    }

    private RecordCheck() {
    }

    /**
     * @param events   every event of the visit topics
     * @param accepted the order ids the platform answered 202 for
     * @param at       when the check runs: an order with a window still ahead of it may rightly wait untouched
     */
    public static Report check(List<JsonNode> events, Set<String> accepted, Instant at) {
        List<JsonNode> ordered = distinctInTimeOrder(events);
        Map<String, List<JsonNode>> byOrder = ordered.stream().filter(e -> e.has("orderId"))
                .collect(Collectors.groupingBy(e -> e.get("orderId").asString(), LinkedHashMap::new, Collectors.toList()));
        return new Report(lost(byOrder, accepted), stuck(byOrder, at), doubleAssigned(byOrder), overlapping(ordered),
                acceptedAfterWithdrawal(byOrder), unexplained(ordered), reOffered(byOrder), orderedTwice(ordered));
    }

    static List<String> lost(Map<String, List<JsonNode>> byOrder, Set<String> accepted) {
        return accepted.stream().filter(id -> byOrder.getOrDefault(id, List.of()).stream()
                .noneMatch(e -> type(e).equals("visit-requested"))).sorted().toList();
    }

    static List<String> stuck(Map<String, List<JsonNode>> byOrder, Instant at) {
        List<String> stuck = new ArrayList<>();
        byOrder.forEach((orderId, life) -> {
            JsonNode last = life.getLast();
            if (life.stream().anyMatch(e -> ENDED.contains(type(e)))) {
                return; // cancelled, completed or not done: what follows (the withdrawal of its offers) changes nothing
            }
            if (!LEFT_HANGING.contains(type(last)) || !openOffers(life).isEmpty() || !holders(life).isEmpty()) {
                return; // an outcome, a reason to wait, or an offer still out (e.g. the other seat of a pair)
            }
            if (type(last).equals("visit-requested") && windowAhead(last, at)) {
                return;
            }
            stuck.add(orderId + " ended at " + type(last));
        });
        return stuck;
    }

    /** Offers of one order still out: made, and neither declined, withdrawn nor turned into the assignment. */
    static Set<String> openOffers(List<JsonNode> life) {
        Set<String> open = new HashSet<>();
        for (JsonNode e : life) {
            switch (type(e)) {
                case "visit-offered" -> open.add(e.get("offerId").asString());
                case "offer-declined", "offer-withdrawn", "visit-assigned" -> {
                    if (e.hasNonNull("offerId")) {
                        open.remove(e.get("offerId").asString());
                    }
                }
                case "visit-completed", "visit-not-done", "visit-cancelled" -> open.clear();
                default -> { }
            }
        }
        return open;
    }

    /** Who holds the visit at the end of its life so far: assigned, and neither withdrawn nor ended. */
    static Set<String> holders(List<JsonNode> life) {
        Set<String> holding = new HashSet<>();
        for (JsonNode e : life) {
            switch (type(e)) {
                case "visit-assigned" -> holding.add(provider(e));
                case "offer-withdrawn" -> holding.remove(provider(e));
                case "visit-completed", "visit-not-done", "visit-cancelled" -> holding.clear();
                default -> { }
            }
        }
        return holding;
    }

    /** Providers holding the visit at once (assigned and not withdrawn, before it ended) beyond its team. */
    static List<String> doubleAssigned(Map<String, List<JsonNode>> byOrder) {
        List<String> problems = new ArrayList<>();
        byOrder.forEach((orderId, life) -> {
            for (int i = 0; i < life.size(); i++) {
                JsonNode e = life.get(i);
                if (type(e).equals("visit-assigned")) {
                    Set<String> holding = holders(life.subList(0, i + 1));
                    int team = e.has("team") && e.get("team").isArray() ? Math.max(1, e.get("team").size()) : 1;
                    if (holding.size() > team) {
                        problems.add(orderId + " held by " + holding + " (team of " + team + ")");
                    }
                }
            }
        });
        return problems;
    }

    /**
     * Replays each provider's events in time order: an offer to them opens a hold, which only its decline, its
     * withdrawal (lapse, cancellation) or the end of the visit closes; a second offer while one is open overlaps.
     */
    static List<String> overlapping(List<JsonNode> ordered) {
        Map<String, List<JsonNode>> byProvider = ordered.stream().filter(e -> e.has("providerId") && !e.get("providerId").isNull())
                .collect(Collectors.groupingBy(RecordCheck::provider, LinkedHashMap::new, Collectors.toList()));
        List<String> problems = new ArrayList<>();
        byProvider.forEach((provider, list) -> {
            String openOrder = null;
            for (JsonNode e : list) {
                String orderId = e.get("orderId").asString();
                switch (type(e)) {
                    case "visit-offered" -> {
                        if (openOrder != null && !openOrder.equals(orderId)) {
                            problems.add(provider + " offered " + orderId + " while holding " + openOrder);
                        }
                        openOrder = orderId;
                    }
                    case "offer-declined", "offer-withdrawn", "visit-completed", "visit-not-done" -> {
                        if (orderId.equals(openOrder)) {
                            openOrder = null;
                        }
                    }
                    default -> { }
                }
            }
        });
        return problems;
    }

    static List<String> acceptedAfterWithdrawal(Map<String, List<JsonNode>> byOrder) {
        List<String> problems = new ArrayList<>();
        byOrder.forEach((orderId, life) -> {
            Set<String> withdrawn = new HashSet<>();
            for (JsonNode e : life) {
                if (type(e).equals("offer-withdrawn")) {
                    withdrawn.add(e.get("offerId").asString());
                } else if (type(e).equals("visit-assigned") && e.hasNonNull("offerId")
                        && withdrawn.contains(e.get("offerId").asString())) {
                    problems.add(orderId + " assigned to " + provider(e) + " on withdrawn offer " + e.get("offerId").asString());
                }
            }
        });
        return problems;
    }

    static List<String> unexplained(List<JsonNode> ordered) {
        return ordered.stream().filter(e -> type(e).equals("visit-offered"))
                .filter(e -> !e.hasNonNull("explanation") || !e.get("explanation").hasNonNull("candidatesConsidered")
                        || e.get("explanation").get("candidatesConsidered").asInt() <= 0)
                .map(e -> e.get("orderId").asString() + " offer " + e.get("offerId").asString()).toList();
    }

    static List<String> reOffered(Map<String, List<JsonNode>> byOrder) {
        List<String> problems = new ArrayList<>();
        byOrder.forEach((orderId, life) -> {
            Set<String> decliners = new HashSet<>();
            for (JsonNode e : life) {
                if (type(e).equals("offer-declined")) {
                    decliners.add(provider(e));
                } else if (type(e).equals("visit-offered") && decliners.contains(provider(e))) {
                    problems.add(orderId + " offered again to " + provider(e) + ", who declined it");
                }
            }
        });
        return problems;
    }

    /**
     * One request (an orderer's Idempotency-Key, hashed on the event) that made more than one order: a retry, or a
     * client that failed over to another intake instance, answered with a new order instead of the first.
     */
    static List<String> orderedTwice(List<JsonNode> ordered) {
        Map<String, Set<String>> ordersByKey = new LinkedHashMap<>();
        ordered.stream().filter(e -> type(e).equals("visit-requested") && e.hasNonNull("idempotencyKeyHash"))
                .forEach(e -> ordersByKey.computeIfAbsent(e.path("requester").path("organizationId").asString("")
                        + " " + e.get("idempotencyKeyHash").asString(), k -> new java.util.TreeSet<>())
                        .add(e.get("orderId").asString()));
        return ordersByKey.entrySet().stream().filter(k -> k.getValue().size() > 1)
                .map(k -> "one request made orders " + k.getValue()).toList();
    }

    /** One of each event id, in the order they happened. */
    static List<JsonNode> distinctInTimeOrder(List<JsonNode> events) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.get("eventId").asString(), e));
        List<JsonNode> ordered = new ArrayList<>(byId.values());
        ordered.sort(Comparator.comparing(e -> Instant.parse(e.get("occurredAt").asString())));
        return ordered;
    }

    private static boolean windowAhead(JsonNode requested, Instant at) {
        JsonNode window = requested.get("window");
        return window != null && window.hasNonNull("earliestStart")
                && Instant.parse(window.get("earliestStart").asString()).isAfter(at);
    }

    private static String provider(JsonNode e) {
        return e.get("providerId").asString();
    }

    private static String type(JsonNode e) {
        return e.get("type").asString();
    }

    /** How many each check found, in the order of the report. */
    public static Map<String, Integer> counts(Report report) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("lost", report.lost().size());
        counts.put("stuck", report.stuck().size());
        counts.put("double", report.doubleAssigned().size());
        counts.put("overlapping", report.overlapping().size());
        counts.put("accepted after withdrawal", report.acceptedAfterWithdrawal().size());
        counts.put("unexplained", report.unexplained().size());
        counts.put("re-offered", report.reOffered().size());
        counts.put("ordered twice", report.orderedTwice().size());
        return counts;
    }
}
