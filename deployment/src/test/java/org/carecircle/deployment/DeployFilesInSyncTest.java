package org.carecircle.deployment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/files/ holds copies (kustomize loads nothing outside deploy/kubernetes); they must not drift
 * from the originals in infra/. Fix a failure with deploy/kubernetes/sync-from-infra.sh.
 */
class DeployFilesInSyncTest {
    @ParameterizedTest
    @CsvSource({
            "infra/observability/grafana-dashboard.json, deploy/kubernetes/files/grafana-dashboard.json",
            "infra/redis/redis.conf,                     deploy/kubernetes/files/redis.conf"})
    void theCopyEqualsItsOriginal(String original, String copy) {
        assertThat(Repository.read(Repository.ROOT.resolve(copy)))
                .as(copy + " differs from " + original + ": run deploy/kubernetes/sync-from-infra.sh")
                .isEqualTo(Repository.read(Repository.ROOT.resolve(original)));
    }
}
