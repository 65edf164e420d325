package org.carecircle.simulator;

import org.carecircle.infra.DevTokens;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Drives the demo through the real HTTP APIs: seeds the district's providers (registration, shift, location),
 * places orders as the district's health centers and nursing stations would, and answers offers as the stations'
 * dispatchers would (most accepted, some declined), until every order is assigned or visibly waiting. Every call
 * carries the token of the actor making it, minted by the development issuer.
 */
public final class DemoScenario {
    /** Services ordered in the demo and how often (weights); one has no qualified provider in the district. */
    private static final Map<String, Integer> SERVICE_MIX = new LinkedHashMap<>();

    static {
        SERVICE_MIX.put("NURSING_WOUND_CARE", 6);
        SERVICE_MIX.put("NURSING_INJECTION", 5);
        SERVICE_MIX.put("NURSING_VITALS", 4);
        SERVICE_MIX.put("MED_CHRONIC_FOLLOWUP", 4);
        SERVICE_MIX.put("CARE_LTC_VISIT", 5);
        SERVICE_MIX.put("NURSING_PICC_MAINT", 2);
        SERVICE_MIX.put("REHAB_THERAPY", 2);
        SERVICE_MIX.put("MED_FAMILY_BED_ROUND", 3);
        SERVICE_MIX.put("CARE_MED_DELIVERY", 2);
        SERVICE_MIX.put("PALLIATIVE_SYMPTOM", 1);
        SERVICE_MIX.put("EMERGENCY_ALARM_CHECK", 1);
        SERVICE_MIX.put("SOCIAL_ESCORT_HOSPITAL", 1);
    }

    private static final Set<String> SETTLED = Set.of("ASSIGNED", "WAITING", "CANCELLED");
    /** Free-text notes of every demo order: personal data (a phone number) that must never leak. */
    public static final String NOTES = "家属电话 13912345678, 请先电话联系; 左足压疮";

    /** What happened to one order. */
    public record Outcome(String orderId, String serviceCode, String priority, String street, String status,
                          String providerId, Integer etaMinutes, Double secondsToAssign, int declines) {
    }

    private final DemoDistrict district;
    private final PlatformClient client;
    private final Random random;
    private final PrintStream out;
    /** Each actor's token, minted once by the development issuer. */
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> ordererOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> placedAddresses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> offersSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** While set, every order and every answer to an offer is sent twice, as a client whose first answer got lost. */
    private volatile boolean repeatRequests;
    private volatile Burst burst;
    private volatile Burst lastServed;
    private volatile boolean visitsDone;
    /** Every order placed so far with its home, and those whose visit was done. */
    private final Map<String, DemoDistrict.Home> everyHome = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger visitsDoneCount = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Repeated requests (same Idempotency-Key) answered with another order ("a second order: ...") or not answered
     * at all ("no answer ...").
     */
    private final List<String> repeatedIntoSecondOrder = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DemoScenario(DemoDistrict district, PlatformClient client, long seed, PrintStream out) {
        this.district = district;
        this.client = client;
        this.random = new Random(seed);
        this.out = out;
    }

    private String token(String key, java.util.function.Supplier<String> mint) {
        return tokens.computeIfAbsent(key, k -> mint.get());
    }

    String providerToken(DemoDistrict.DemoProvider provider) {
        return token("provider:" + provider.id(), () -> DevTokens.provider(provider.id(), provider.organizationId()));
    }

    String dispatcherToken(String organizationId) {
        return token("dispatcher:" + organizationId, () -> DevTokens.dispatcher(organizationId));
    }

    String ordererToken(DemoDistrict.Organization organization) {
        return token("orderer:" + organization.id(), () -> DevTokens.orderer(organization.id(), organization.kind()));
    }

    String supervisorToken() {
        return token("supervisor", () -> DevTokens.supervisor(DevTokens.DISTRICT));
    }

    /** Addresses of every home an order was placed for. */
    public List<String> placedAddresses() {
        return List.copyOf(placedAddresses);
    }

    /** Every offer as the stations' inboxes showed it, before it was answered. */
    public List<String> offersSeen() {
        return List.copyOf(offersSeen);
    }

    /** The order as its orderer sees it. */
    public JsonNode order(String orderId) {
        return client.order(ordererOf.get(orderId), orderId);
    }

    /** Registers every provider (as their organization's admin), puts those on duty on shift and reports locations. */
    public void seedProviders() {
        for (DemoDistrict.DemoProvider provider : district.providers()) {
            String admin = token("admin:" + provider.organizationId(), () -> DevTokens.admin(provider.organizationId()));
            expect2xx(client.registerProvider(admin, provider.id(), provider.registration()).getStatusCode().value(),
                    "register " + provider.id());
            if (provider.onDuty()) {
                expect2xx(client.shift(providerToken(provider), provider.id(), true).getStatusCode().value(),
                        "shift " + provider.id());
            }
        }
        sendHeartbeats();
    }

    /** Every on-duty provider's device reports its location (as phones do every few seconds). */
    public void sendHeartbeats() {
        for (DemoDistrict.DemoProvider provider : district.providers()) {
            if (provider.onDuty()) {
                try {
                    client.location(providerToken(provider), provider.id(), provider.lat(), provider.lon(), 15);
                } catch (RuntimeException unreachable) {
                    // the next heartbeat goes; one that throws must not end them all (a scheduled task that throws
                    // is never run again)
                }
            }
        }
    }

    /**
     * Places {@code orderCount} orders, cancels one, answers offers with {@code declineRate}, and returns once every
     * order is settled (assigned, waiting or cancelled) or {@code timeout} passed.
     */
    public List<Outcome> run(int orderCount, double declineRate, Duration timeout) {
        List<String> orderIds = new ArrayList<>();
        Map<String, DemoDistrict.Home> homes = new LinkedHashMap<>();
        List<String> services = new ArrayList<>();
        SERVICE_MIX.forEach((code, weight) -> {
            for (int i = 0; i < weight; i++) {
                services.add(code);
            }
        });
        for (int i = 0; i < orderCount; i++) {
            DemoDistrict.Home drawn = district.randomHome(random);
            Burst burst = this.burst;
            DemoDistrict.Home home = burst != null ? burst.home() : drawn;
            DemoDistrict.Organization orderer = random.nextDouble() < 0.7
                    ? district.healthCenters().stream().filter(o -> o.street().equals(home.street())).findFirst()
                            .orElse(district.healthCenters().getFirst())
                    : district.nursingStations().get(random.nextInt(district.nursingStations().size()));
            String drawnService = services.get(random.nextInt(services.size()));
            String service = burst != null ? burst.serviceCode() : drawnService;
            Map<String, Object> order = Map.of(
                    "requester", Map.of("organizationId", orderer.id(), "kind", orderer.kind()),
                    "serviceCode", service,
                    "patientRef", "pt-" + Integer.toHexString(random.nextInt(0xfffff)),
                    // the health center's record of the first-visit assessment (首诊) of its signed residents
                    "firstVisitAssessedOn", "2026-01-15",
                    "location", Map.of("lat", home.lat(), "lon", home.lon(), "address", home.address()),
                    "notes", NOTES);
            String ordererToken = ordererToken(orderer);
            var response = placeOrder(ordererToken, order);
            String orderId = response.getBody().get("orderId").asString();
            ordererOf.put(orderId, ordererToken);
            placedAddresses.add(home.address());
            orderIds.add(orderId);
            homes.put(orderId, home);
            answerOffers(declineRate);
        }
        String cancelled = orderIds.get(random.nextInt(orderIds.size()));
        client.cancelOrder(ordererOf.get(cancelled), cancelled, "family cancelled: patient admitted to hospital");

        Instant deadline = Instant.now().plus(timeout);
        int settledRounds = 0;
        while (Instant.now().isBefore(deadline) && settledRounds < 3) {
            Answers answers = answerOffers(declineRate);
            boolean settled = answers.accepted() + answers.declined() == 0 && orderIds.stream()
                    .allMatch(id -> SETTLED.contains(order(id).get("status").asString()));
            settledRounds = settled ? settledRounds + 1 : 0;
            pause(Duration.ofMillis(300));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (String orderId : orderIds) {
            outcomes.add(outcome(order(orderId), homes.get(orderId)));
        }
        outcomes.stream().filter(o -> o.status().equals("ASSIGNED")).reduce((first, second) -> second)
                .ifPresent(o -> lastServed = new Burst(homes.get(o.orderId()), o.serviceCode()));
        everyHome.putAll(homes);
        if (visitsDone) {
            // every assigned visit not yet done, this run's and those of earlier runs assigned since (an order that
            // waited and found its provider later): else those providers would stay taken for good
            for (Map.Entry<String, DemoDistrict.Home> placed : everyHome.entrySet()) {
                if (!done.contains(placed.getKey())) {
                    try {
                        Outcome o = outcome(order(placed.getKey()), placed.getValue());
                        if (o.status().equals("ASSIGNED") && o.providerId() != null && doTheVisit(o, placed.getValue())) {
                            done.add(o.orderId());
                        }
                    } catch (RuntimeException unavailable) {
                        // looked at again after the next run
                    }
                }
            }
        }
        return outcomes;
    }

    /**
     * Places an order as a careful client does: an answer that is not 2xx for a reason on the platform's side (503,
     * a timeout, a connection refused) is retried with the same Idempotency-Key, so a retry never makes a second order.
     */
    private org.springframework.http.ResponseEntity<JsonNode> placeOrder(String token, Map<String, Object> order) {
        String key = UUID.randomUUID().toString();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                var response = client.createOrder(token, order, key);
                int status = response.getStatusCode().value();
                if (status / 100 == 2) {
                    if (repeatRequests) {
                        sendAgain(token, order, key, response.getBody().get("orderId").asString());
                    }
                    return response;
                }
                if (status / 100 == 4) {
                    throw new IllegalStateException("create order answered HTTP " + status + ": " + response.getBody());
                }
                last = new IllegalStateException("create order answered HTTP " + status);
            } catch (org.springframework.web.client.ResourceAccessException unreachable) {
                last = unreachable;
            }
            pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException("create order: no 2xx after 30 s of retries", last);
    }

    /** The same order with the same key again: the platform must answer with the order it made the first time. */
    private void sendAgain(String token, Map<String, Object> order, String key, String orderId) {
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                var again = client.createOrder(token, order, key);
                if (again.getStatusCode().is2xxSuccessful()) {
                    String second = again.getBody().get("orderId").asString();
                    if (!second.equals(orderId)) {
                        repeatedIntoSecondOrder.add("a second order: " + orderId + " and " + second);
                    }
                    return;
                }
            } catch (org.springframework.web.client.ResourceAccessException unreachable) {
                // tried again below
            }
            pause(Duration.ofMillis(500));
        }
        repeatedIntoSecondOrder.add("no answer in 30 s to the repeated request of " + orderId);
    }

    /** Orders of one home and one service. */
    private record Burst(DemoDistrict.Home home, String serviceCode) {
    }

    /**
     * From now on every order is for the home and the service of the last order served ({@code true}: several
     * residents of one building needing the same care, a burst that competes for the same nearest providers, where
     * providers were found before), or each drawn at random.
     */
    public void oneHome(boolean oneHome) {
        this.burst = oneHome ? lastServed : null;
    }

    /**
     * Whether each assigned visit is then done: its provider checks in at the home and checks out (the visit's life
     * to its end, and the provider free again for the next).
     */
    public void visitsDone(boolean done) {
        this.visitsDone = done;
    }

    /** How many visits were done (checked in and out) since the start. */
    public int visitsDoneCount() {
        return visitsDoneCount.get();
    }

    /** The provider at the door, then done; a call that fails (an instance away) is left: the visit stays assigned. */
    private boolean doTheVisit(Outcome outcome, DemoDistrict.Home home) {
        return district.providers().stream().filter(p -> p.id().equals(outcome.providerId())).findFirst().map(provider -> {
            try {
                String token = providerToken(provider);
                if (client.checkIn(token, provider.id(), outcome.orderId(), home.lat(), home.lon()).getStatusCode().is2xxSuccessful()
                        && client.checkOut(token, provider.id(), outcome.orderId()).getStatusCode().is2xxSuccessful()) {
                    visitsDoneCount.incrementAndGet();
                    return true;
                }
                return false;
            } catch (RuntimeException away) {
                return false; // the visit stays assigned; tried again after the next run
            }
        }).orElse(false);
    }

    /** Sends every order and every answer twice from now on ({@code true}) or once. */
    public void repeatRequests(boolean repeat) {
        this.repeatRequests = repeat;
    }

    /** Repeated requests that made a second order or got no answer (see the field). */
    public List<String> repeatedIntoSecondOrder() {
        return List.copyOf(repeatedIntoSecondOrder);
    }

    private record Answers(int accepted, int declined) {
    }

    /** The stations' dispatchers look at their inboxes and answer every open offer. */
    private Answers answerOffers(double declineRate) {
        int accepted = 0;
        int declined = 0;
        for (DemoDistrict.Organization organization : district.organizations()) {
            String dispatcher = dispatcherToken(organization.id());
            List<JsonNode> inbox;
            try {
                inbox = client.stationOffers(dispatcher, organization.id());
            } catch (RuntimeException unavailable) {
                continue; // the station looks again at the next round (a service restarting, Redis failing over)
            }
            for (JsonNode offer : inbox) {
                if (!offer.isObject() || !"OPEN".equals(offer.path("status").asString(""))) {
                    continue;
                }
                offersSeen.add(offer.toString());
                String offerId = offer.get("offerId").asString();
                boolean decline = random.nextDouble() < declineRate;
                for (int times = repeatRequests ? 2 : 1; times > 0; times--) {
                    if (decline) {
                        client.decline(dispatcher, offerId, "staff member busy with another patient");
                    } else {
                        client.accept(dispatcher, offerId);
                    }
                }
                if (decline) {
                    declined++;
                } else {
                    accepted++;
                }
            }
        }
        return new Answers(accepted, declined);
    }

    private Outcome outcome(JsonNode order, DemoDistrict.Home home) {
        JsonNode assignment = order.get("assignment");
        Instant created = Instant.parse(order.get("createdAt").asString());
        Double secondsToAssign = null;
        int declines = 0;
        for (JsonNode entry : order.get("timeline")) {
            String type = entry.get("type").asString();
            if ("visit-assigned".equals(type)) {
                secondsToAssign = Duration.between(created, Instant.parse(entry.get("at").asString())).toMillis() / 1000.0;
            } else if ("offer-declined".equals(type)) {
                declines++;
            }
        }
        boolean assigned = assignment != null && !assignment.isNull();
        return new Outcome(order.get("orderId").asString(), order.get("serviceCode").asString(),
                order.get("priority").asString(), home.street().name(), order.get("status").asString(),
                assigned ? assignment.get("providerId").asString() : null,
                assigned ? assignment.get("etaMinutes").asInt() : null, secondsToAssign, declines);
    }

    /** Whether an outcome is where the scenario leaves an order: assigned, waiting with a reason, or cancelled. */
    public static boolean settled(Outcome outcome) {
        return SETTLED.contains(outcome.status());
    }

    /** Prints the outcome table and a summary. */
    public void print(List<Outcome> outcomes) {
        out.println();
        out.printf("%-42s %-24s %-9s %-8s %-10s %-7s %5s %8s %s%n", "order", "service", "priority", "street",
                "status", "provider", "ETA", "assign s", "declines");
        for (Outcome o : outcomes) {
            out.printf("%-42s %-24s %-9s %-8s %-10s %-7s %5s %8s %d%n", o.orderId(), o.serviceCode(), o.priority(),
                    o.street().replace("街道", "").replace("新村", ""), o.status(),
                    o.providerId() == null ? "-" : o.providerId(),
                    o.etaMinutes() == null ? "-" : o.etaMinutes() + "m",
                    o.secondsToAssign() == null ? "-" : "%.2f".formatted(o.secondsToAssign()), o.declines());
        }
        Map<String, Long> byStatus = outcomes.stream()
                .collect(Collectors.groupingBy(Outcome::status, LinkedHashMap::new, Collectors.counting()));
        List<Double> times = outcomes.stream().map(Outcome::secondsToAssign).filter(t -> t != null)
                .sorted(Comparator.naturalOrder()).toList();
        out.println();
        out.println("Orders: " + outcomes.size() + " " + byStatus);
        if (!times.isEmpty()) {
            out.printf("Time to assign (order accepted -> provider confirmed, incl. the station's answer): median %.2f s, max %.2f s%n",
                    times.get(times.size() / 2), times.getLast());
        }
        out.println("Declines answered by stations: " + outcomes.stream().mapToInt(Outcome::declines).sum());
        List<JsonNode> queue = client.queue(supervisorToken());
        out.println("Dispatch queue now: " + queue.size() + " waiting "
                + queue.stream().map(q -> q.get("serviceCode").asString()).toList());
    }

    private static void expect2xx(int status, String what) {
        if (status / 100 != 2) {
            throw new IllegalStateException(what + " answered HTTP " + status);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
