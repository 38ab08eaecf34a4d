package dev.legends.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layers of shared/DESIGN.md, bottom up. A layer may use the ones below it, never the ones
 * above; and no two packages may depend on each other in a cycle. The store sits under the engine
 * layers because IPAM leases, revisions and releases live in it.
 */
class ArchitectureTest {
    static final List<String> LAYERS = List.of(
            "core", "linux", "store", "image", "snapshot", "runtime", "network", "pod", "build", "gateway",
            "workload", "release", "kube", "server", "cli");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.legends");

    @Test
    void everyClassBelongsToALayer() {
        assertThat(CLASSES).isNotEmpty();
        CLASSES.forEach(c -> assertThat(LAYERS).as(c.getName()).contains(c.getPackageName().split("\\.")[2]));
    }

    @Test
    void layersDependOnlyDownward() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> "dev.legends." + l + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.legends." + LAYERS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.legends.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
