package org.carecircle.simulator;

import org.carecircle.contracts.Topic;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.carecircle.infra.TopicProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A full scenario with verbose logging, then a scan of every payload on every topic (dead letters included), of
 * every offer the stations saw before answering, and of everything the services logged: no home address, provider
 * name, phone number or notes appears in clear.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyScanIT {
    /** A mainland mobile number standing alone (not a run of digits inside an id, a timestamp or base64). */
    static final Pattern PHONE = Pattern.compile("(?<![0-9A-Za-z+/=_-])1[3-9]\\d{9}(?![0-9A-Za-z])");

    @Test
    void noPersonalDataInKafkaOrLogs(CapturedOutput output) {
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        String prefix = RealInfraInitializer.uniqueTopicPrefix();
        DemoDistrict district = DemoDistrict.changning(11, 80);
        DemoScenario scenario;
        try (LocalPlatform platform = LocalPlatform.start(infra, Map.of("carecircle.kafka.topic-prefix", prefix,
                "logging.level.root", "INFO", "logging.level.org.carecircle", "DEBUG"), LocalPlatform.Ports.RANDOM)) {
            scenario = new DemoScenario(district, PlatformClient.of(platform), 11,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            scenario.seedProviders();
            List<DemoScenario.Outcome> outcomes = scenario.run(20, 0.2, Duration.ofSeconds(60));
            assertThat(outcomes).anyMatch(o -> o.status().equals("ASSIGNED"));
        }

        List<String> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(prefix + topic.baseName());
            topics.add(prefix + topic.baseName() + Topic.DEAD_LETTER_SUFFIX);
        }
        List<String> payloads;
        try (TopicProbe probe = new TopicProbe(infra.kafkaBootstrapServers(), topics)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.values().stream()
                    .filter(v -> v.contains("visit-requested")).count() == 20);
            payloads = probe.values();
        }
        String kafka = String.join("\n", payloads);
        String logs = output.getAll();

        assertThat(payloads).hasSizeGreaterThan(100);
        assertThat(logs).contains("Accepted order").contains("Offered"); // the services did log their work
        List<String> secrets = new ArrayList<>(scenario.placedAddresses());
        district.providers().forEach(p -> secrets.add(p.name()));
        secrets.add(DemoScenario.NOTES);
        secrets.add("请先电话联系");
        for (String secret : secrets) {
            assertThat(kafka).as("Kafka payloads").doesNotContain(secret);
            assertThat(logs).as("logs").doesNotContain(secret);
        }
        String offers = String.join("\n", scenario.offersSeen());
        assertThat(scenario.offersSeen()).isNotEmpty();
        for (String secret : secrets) {
            assertThat(offers).as("offers before acceptance").doesNotContain(secret);
        }
        assertThat(offers).doesNotContain("address").doesNotContain("notes").doesNotContain("details");
        assertThat(PHONE.matcher("家属电话 13912345678, 请").find()).as("the pattern finds a phone in text").isTrue();
        assertThat(PHONE.matcher(kafka).results().map(m -> m.group()).toList()).as("phone numbers on Kafka").isEmpty();
        assertThat(PHONE.matcher(logs).results().map(m -> m.group()).toList()).as("phone numbers in the logs").isEmpty();
    }
}
