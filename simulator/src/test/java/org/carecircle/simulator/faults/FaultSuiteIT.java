package org.carecircle.simulator.faults;

import org.carecircle.simulator.MultiProcessMain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fault suite ({@link FaultSuite}, README "Faults") in small: every fault once, a few orders each, on the
 * multi-process deployment (3 Kafka nodes, Redis with a replica and sentinels, two JVMs per service), and after the
 * baseline one round on a build whose reservation check is switched off. Every fault keeps every promise on the record; the broken build
 * is caught with doubles — so a clean table means something.
 */
class FaultSuiteIT {
    @Test
    void everyFaultKeepsThePromisesOnTheRecordAndABrokenBuildIsCaught() {
        assumeTrue(java.util.stream.Stream.of((System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":"))
                        .anyMatch(dir -> !dir.isBlank() && Files.isExecutable(Path.of(dir, "redis-server"))),
                "needs redis-server (Debian's package, installed by .ci/run) for the primary, replica and sentinels");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<FaultSuite.Row> rows;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            rows = FaultSuite.run(MultiProcessMain.projectRoot(),
                    new FaultSuite.Options(4, 80, Duration.ofSeconds(15), null, true), out);
        } finally {
            System.out.println(printed.toString(StandardCharsets.UTF_8));
        }

        assertThat(rows).hasSize(FaultSuite.faults().size() + 1);
        FaultSuite.Row broken = rows.get(1);
        assertThat(broken.fault()).startsWith(FaultSuite.BROKEN);
        assertThat(broken.doubles()).as("the broken build's doubles: " + broken.examples()).isPositive();
        assertThat(rows.stream().filter(row -> row != broken)).allSatisfy(row -> {
            assertThat(row.orders()).as(row.fault()).isPositive();
            assertThat(List.of(row.lost(), row.doubles(), row.stuck(), row.otherViolations()))
                    .as(row.fault() + " lost, double, stuck, other: " + row.examples()).containsOnly(0);
        });
    }
}
