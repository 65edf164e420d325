package org.carecircle.infra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Optional;

/**
 * Skips a test class, printing why, when it is to run in the {@code testcontainers} mode
 * ({@code -Dcarecircle.infra=testcontainers}) and no Docker engine answers; in every other case it does nothing.
 *
 * <p>Registered in {@code META-INF/services/org.junit.jupiter.api.extension.Extension}, so it is active only where a
 * test run turns on JUnit's extension auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true},
 * with {@code junit.jupiter.extensions.autodetection.include=org.carecircle.infra.*}), as the failsafe executions
 * that run tests in the testcontainers mode do. The reason goes to standard output, which those executions show on
 * the console, and into the test report.
 */
public final class ContainerEngineCondition implements ExecutionCondition {
    private static Optional<String> unavailable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (RealInfrastructure.Mode.fromEnvironment() != RealInfrastructure.Mode.TESTCONTAINERS) {
            return ConditionEvaluationResult.enabled("not in the testcontainers mode");
        }
        Optional<String> reason = unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        String message = "skipped in the testcontainers mode: " + reason.get();
        if (context.getTestMethod().isEmpty()) {
            System.out.println("[carecircle] " + context.getDisplayName() + " " + message);
        }
        return ConditionEvaluationResult.disabled(message);
    }

    /** Asked once per JVM: every test class of a run gets the same answer. */
    private static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = Docker.unavailableReason();
        }
        return unavailable;
    }
}
