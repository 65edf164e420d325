package org.carecircle.simulator;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carecircle.contracts.AreaKey;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.contracts.kafka.Topics;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.views.ViewGuard;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * How long the services take to rebuild their Redis views from the log: {@code orders} orders (each requested,
 * offered; 70% accepted and assigned, 90% of those checked in and completed) over {@code providers} registered
 * providers on duty, written to Kafka, then the three services started on an empty Redis (each rebuilds before it
 * is ready), then Redis flushed under the running services. Prints the time until every view is whole and each
 * view's replay: events and milliseconds.
 * Run: {@code ./mvnw -q -pl simulator -am spring-boot:run
 * -Dspring-boot.run.main-class=org.carecircle.simulator.RebuildBenchmark} (arguments: orders providers; default
 * 10000 1000). Loopback only; a few minutes.
 */
public final class RebuildBenchmark {
    private static final List<String> VIEWS = List.of("intake-orders", "provider-registry", "provider-presence",
            "provider-visits", "dispatch-visits");
    private static final OfferExplanation WHY = new OfferExplanation(1, List.of(), 5, 0, 0, 5, 1.0);

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int providers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        PrintStream out = System.out;
        try (RealInfrastructure infra = RealInfrastructure.start(
                RealInfrastructure.Mode.fromEnvironmentOr(RealInfrastructure.Mode.EMBEDDED))) {
            String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6) + "-";
            Map<String, Object> properties = Map.of("carecircle.kafka.topic-prefix", prefix,
                    "logging.level.org.carecircle", "WARN");
            LocalPlatform.start(infra, properties, LocalPlatform.Ports.RANDOM).close(); // creates the topics
            DemoDistrict district = DemoDistrict.changning(3, providers);
            Instant seeding = Instant.now();
            long events = seed(infra, new Topics(prefix), district, orders);
            out.printf("log written: %d events (%d orders, %d providers) in %d ms%n", events, orders,
                    district.providers().size(), Duration.between(seeding, Instant.now()).toMillis());

            infra.flushRedis();
            Instant starting = Instant.now();
            try (LocalPlatform platform = LocalPlatform.start(infra, properties, LocalPlatform.Ports.RANDOM)) {
                awaitWhole(platform);
                out.printf("three services started on an empty Redis, every view whole after %d ms%n",
                        Duration.between(starting, Instant.now()).toMillis());
                print(platform, out);

                infra.flushRedis();
                Instant flushed = Instant.now();
                awaitWhole(platform);
                out.printf("FLUSHALL under the running services: every view whole again after %d ms%n",
                        Duration.between(flushed, Instant.now()).toMillis());
                print(platform, out);
            }
        }
    }

    private static void print(LocalPlatform platform, PrintStream out) {
        for (ViewGuard guard : platform.beansOfAll(ViewGuard.class)) {
            for (String view : VIEWS) {
                guard.lastRebuild(view).ifPresent(r -> out.printf("  %-18s %7d events  %6d ms%n", r.view(), r.events(),
                        r.took().toMillis()));
            }
        }
    }

    private static void awaitWhole(LocalPlatform platform) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        List<ViewGuard> guards = platform.beansOfAll(ViewGuard.class);
        while (!VIEWS.stream().allMatch(v -> guards.stream().anyMatch(g -> g.whole(v)))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("views not whole after 10 minutes");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** The log of a busy stretch of days, written straight to the topics (no service running). */
    private static long seed(RealInfrastructure infra, Topics topics, DemoDistrict district, int orders) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JacksonJsonSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.ACKS_CONFIG, "all",
                JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, false);
        DefaultKafkaProducerFactory<String, CareEvent> factory = new DefaultKafkaProducerFactory<>(config);
        EventPublisher publisher = new EventPublisher(new KafkaTemplate<>(factory), topics, Duration.ofSeconds(30));
        List<CareEvent> batch = new ArrayList<>();
        long written = 0;
        Instant t = Instant.now().minus(Duration.ofHours(6));
        for (DemoDistrict.DemoProvider p : district.providers()) {
            batch.add(new ProviderRegistered(id(), 3, t, p.id(), p.organizationId(), "王**", p.role(),
                    p.qualifications(), p.travelMode(), ProviderProfile.unspecified(), p.base()));
            batch.add(new ProviderAvailabilityChanged(id(), 1, t, p.id(), p.organizationId(), true, "ON_DUTY_LOCATED"));
        }
        written += flush(publisher, batch);
        Random random = new Random(3);
        List<DemoDistrict.DemoProvider> nurses = district.providers().stream()
                .filter(p -> p.qualifications().contains("NURSE")).toList();
        for (int i = 0; i < orders; i++) {
            batch.addAll(history(district, nurses.get(i % nurses.size()), random, t.plusMillis(i * 1000L)));
            if (batch.size() >= 5_000) {
                written += flush(publisher, batch);
            }
        }
        written += flush(publisher, batch);
        factory.destroy();
        return written;
    }

    /** One order's events: requested, offered; 70% accepted and assigned; 90% of those checked in and completed. */
    private static List<CareEvent> history(DemoDistrict district, DemoDistrict.DemoProvider nurse, Random random,
                                           Instant at) {
        DemoDistrict.Home home = district.randomHome(random);
        String orderId = "ord-" + UUID.randomUUID();
        String area = AreaKey.of(home.lat(), home.lon(), 5);
        String offerId = "off-" + UUID.randomUUID();
        List<CareEvent> events = new ArrayList<>(List.of(
                new VisitRequested(id(), 3, at, orderId, area, new Requester("chc-huayang", "COMMUNITY_HEALTH_CENTER",
                        "changning"), "NURSING_WOUND_CARE", "ROUTINE", "pt-" + random.nextInt(100_000),
                        new GeoPoint(home.lat(), home.lon()), null, new SealedDetails("dev", "bm9uY2U=", "c2VhbGVk"),
                        null, LocalDate.of(2026, 1, 15), null),
                new VisitOffered(id(), 1, at.plusMillis(200), orderId, area, offerId, nurse.id(), nurse.organizationId(),
                        "NURSING_WOUND_CARE", "ROUTINE", nurse.travelMode(), 900, 6, 1, null, false, WHY, "ONE_AT_A_TIME")));
        if (random.nextDouble() < 0.7) {
            events.add(new OfferAccepted(id(), 1, at.plusSeconds(30), orderId, area, offerId, nurse.id()));
            events.add(new VisitAssigned(id(), 2, at.plusSeconds(31), orderId, area, offerId, nurse.id(),
                    nurse.organizationId(), 900, 6, List.of(nurse.id())));
            if (random.nextDouble() < 0.9) {
                events.add(new VisitCheckedIn(id(), 1, at.plusSeconds(600), orderId, area, nurse.id(), 20, 10));
                events.add(new VisitCompleted(id(), 1, at.plusSeconds(3000), orderId, area, nurse.id(),
                        new VisitRecord("NURSING_WOUND_CARE", "pt-1", nurse.id(), LocalDate.now(), area, 20,
                                at.plusSeconds(600), at.plusSeconds(3000), List.of("NURSING_WOUND_CARE"), null, null)));
            }
        }
        return events;
    }

    private static long flush(EventPublisher publisher, List<CareEvent> batch) {
        publisher.publishAndWait(batch);
        long written = batch.size();
        batch.clear();
        return written;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
