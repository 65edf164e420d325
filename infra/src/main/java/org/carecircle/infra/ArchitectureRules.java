package org.carecircle.infra;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Rules every CareCircle service keeps, for its architecture test (each service adds the direction of its rooms). */
public final class ArchitectureRules {
    /** The live provider keyspace: only the provider-live module's scripts and facade may name these keys. */
    private static final Pattern LIVE_KEYS =
            Pattern.compile("cc:(\\{live}|(prov|geo|base|heartbeats|hold|daily|cal|cal-end)\\b)");

    private ArchitectureRules() {
    }

    /** The service's main classes (no tests). */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    /** No two rooms (top-level packages below {@code basePackage}) depend on each other both ways. */
    public static ArchRule roomsFreeOfCycles(String basePackage) {
        return slices().matching(basePackage + ".(*)..").should().beFreeOfCycles();
    }

    /** The domain ({@code ..domain..}) is plain Java: no Spring, Kafka, Redis or live store in it. */
    public static ArchRule domainIsPlainJava() {
        return noClasses().that().resideInAPackage("..domain..").should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "io.lettuce..", "org.carecircle.live..")
                .allowEmptyShould(true);
    }

    /**
     * The service's own sources and scripts ({@code src/main} of the module the test runs in) name no key of the live
     * provider keyspace: they go through the provider-live facade. Returns the offending files with the key found.
     */
    public static List<String> liveKeysNamedOutsideTheFacade(Path moduleMain) {
        try (Stream<Path> files = Files.walk(moduleMain)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".lua"))
                    .flatMap(f -> LIVE_KEYS.matcher(read(f)).results().map(m -> moduleMain.relativize(f) + ": " + m.group()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
