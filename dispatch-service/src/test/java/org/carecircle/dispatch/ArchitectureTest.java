package org.carecircle.dispatch;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.carecircle.infra.ArchitectureRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dispatch-service's rooms, one per stage of a visit's life, and the directions they may call each other in: a visit
 * arrives, is offered, answered, clocked and supervised; who may go (candidates), how their time is taken
 * (reservation) and the visit itself are below them all.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = ArchitectureRules.mainClasses("org.carecircle.dispatch");

    @Test
    void stagesCallEachOtherOnlyInTheDirectionOfAVisitsLife() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("messaging").definedBy("..dispatch.messaging..")
                .layer("arrival").definedBy("..dispatch.arrival..")
                .layer("offering").definedBy("..dispatch.offering..")
                .layer("answers").definedBy("..dispatch.answers..")
                .layer("clocks").definedBy("..dispatch.clocks..")
                .layer("supervision").definedBy("..dispatch.supervision..")
                .layer("candidates").definedBy("..dispatch.candidates..")
                .layer("reservation").definedBy("..dispatch.reservation..")
                .layer("visit").definedBy("..dispatch.visit..")
                .layer("alarms").definedBy("..dispatch.alarms..")
                .layer("reports").definedBy("..dispatch.reports..")
                .whereLayer("messaging").mayNotBeAccessedByAnyLayer()
                .whereLayer("supervision").mayNotBeAccessedByAnyLayer()
                .whereLayer("alarms").mayNotBeAccessedByAnyLayer()
                .whereLayer("reports").mayNotBeAccessedByAnyLayer()
                .whereLayer("arrival").mayOnlyBeAccessedByLayers("messaging")
                .whereLayer("answers").mayOnlyBeAccessedByLayers("messaging", "clocks")
                .whereLayer("clocks").mayOnlyBeAccessedByLayers("supervision")
                .whereLayer("offering").mayOnlyBeAccessedByLayers("messaging", "arrival", "answers", "clocks", "supervision")
                .whereLayer("candidates").mayOnlyBeAccessedByLayers("offering", "answers", "clocks", "supervision")
                .whereLayer("reservation").mayOnlyBeAccessedByLayers("candidates", "offering", "answers", "supervision")
                .check(CLASSES);
    }

    @Test
    void noTwoRoomsDependOnEachOther() {
        ArchitectureRules.roomsFreeOfCycles("org.carecircle.dispatch").check(CLASSES);
    }

    @Test
    void theDomainIsPlainJava() {
        ArchitectureRules.domainIsPlainJava().check(CLASSES);
    }

    @Test
    void providersLiveKeysAreTouchedOnlyThroughTheLiveStore() {
        assertThat(ArchitectureRules.liveKeysNamedOutsideTheFacade(Path.of("src/main"))).isEmpty();
    }
}
