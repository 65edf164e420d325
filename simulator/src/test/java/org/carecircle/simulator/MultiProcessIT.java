package org.carecircle.simulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The deployment rehearsal ({@link MultiProcessMain}) in small: a 3-node Kafka cluster and Redis with sentinels as
 * separate processes, two instances of each service started with {@code java -jar} from the executable jars the build
 * just made, configured only by their environment. A dispatch and a provider instance are stopped while orders come
 * in; their partitions move to the instances left and every order still settles as in README command 1.
 */
class MultiProcessIT {
    static final int ORDERS = 12;

    @Test
    void theDemoScenarioCompletesAcrossSeparateProcessesWhileInstancesStop() {
        assumeTrue(java.util.stream.Stream.of((System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":"))
                        .anyMatch(dir -> !dir.isBlank() && Files.isExecutable(Path.of(dir, "redis-server"))),
                "needs redis-server (Debian's package, installed by .ci/run) for the primary, replica and sentinels");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        MultiProcessMain.Result result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = MultiProcessMain.run(MultiProcessMain.projectRoot(), 80, ORDERS, 0.15, 7, out);
        } finally {
            System.out.println(printed.toString(StandardCharsets.UTF_8));
        }

        assertThat(result.outcomes()).hasSize(ORDERS).allSatisfy(o ->
                assertThat(DemoScenario.settled(o)).as(o.orderId() + " " + o.status()).isTrue());
        assertThat(result.stopped()).containsExactlyInAnyOrder("dispatch-2", "provider-2");
        // orders placed while the instances were stopping were still carried through to a provider
        assertThat(result.outcomes().subList(ORDERS * 3 / 4, ORDERS)).anyMatch(o -> o.status().equals("ASSIGNED"));

        for (String group : List.of("dispatch-visits", "dispatch-supply", "provider-offers", "provider-visit-details")) {
            Map<String, Integer> before = result.groupsBefore().get(group);
            Map<String, Integer> after = result.groupsAfter().get(group);
            assertThat(before).as(group + " before").containsKeys(group.split("-")[0] + "-1", group.split("-")[0] + "-2");
            // every partition the two instances shared is now held by the one left
            assertThat(after).as(group + " after").containsOnlyKeys(group.split("-")[0] + "-1");
            assertThat(after.values().iterator().next()).as(group + " partitions")
                    .isEqualTo(before.values().stream().mapToInt(Integer::intValue).sum());
        }
        assertThat(Set.copyOf(result.groupsAfter().get("intake-order-events").keySet()))
                .containsExactlyInAnyOrder("intake-1", "intake-2");
    }
}
