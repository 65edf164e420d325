package org.carecircle.provider;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.carecircle.infra.ArchitectureRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * provider-service's rooms: the registry and presence of providers; the offer inbox, the visit on the ground and the
 * station schedule, each served by its own controller; a thin listener that hands each room its part of dispatch's
 * decisions.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = ArchitectureRules.mainClasses("org.carecircle.provider");

    @Test
    void roomsCallEachOtherOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("messaging").definedBy("..provider.messaging..")
                .layer("schedule").definedBy("..provider.schedule..")
                .layer("offers").definedBy("..provider.offers..")
                .layer("visits").definedBy("..provider.visits..")
                .layer("presence").definedBy("..provider.presence..")
                .layer("registry").definedBy("..provider.registry..")
                .whereLayer("messaging").mayNotBeAccessedByAnyLayer()
                .whereLayer("schedule").mayOnlyBeAccessedByLayers("messaging")
                .whereLayer("offers").mayOnlyBeAccessedByLayers("messaging", "schedule")
                .whereLayer("visits").mayOnlyBeAccessedByLayers("messaging", "schedule")
                .whereLayer("presence").mayNotBeAccessedByAnyLayer()
                .check(CLASSES);
    }

    @Test
    void noTwoRoomsDependOnEachOther() {
        ArchitectureRules.roomsFreeOfCycles("org.carecircle.provider").check(CLASSES);
    }

    @Test
    void providersLiveKeysAreTouchedOnlyThroughTheLiveStore() {
        assertThat(ArchitectureRules.liveKeysNamedOutsideTheFacade(Path.of("src/main"))).isEmpty();
    }
}
