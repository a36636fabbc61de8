package io.userbound.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's structure ({@code shared/spec/architecture.md} section 2): no package depends on itself through
 * others, and the modules' arrows point one way. Reads every module's main classes (this module depends on them all);
 * test classes and test jars are left out.
 */
class StructureTest {
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.userbound");
    }

    @Test
    void whenTheProductIsReadThenItHoldsEveryModule() {
        for (String module : new String[] {"protocol", "core", "oauth", "records", "store", "client", "server", "cli",
                "testkit"}) {
            org.assertj.core.api.Assertions.assertThat(product.stream()
                    .anyMatch(c -> c.getPackageName().startsWith("io.userbound." + module)))
                    .as("classes of module %s", module).isTrue();
        }
    }

    @Test
    void whenPackagesDependOnEachOtherThenNeverInACycle() {
        slices().matching("io.userbound.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    void whenTheDomainIsReadThenItKnowsNoProtocolLayerAbove() {
        noClasses().that().resideInAPackage("io.userbound.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.userbound.oauth..", "io.userbound.records..",
                        "io.userbound.store..", "io.userbound.server..", "io.userbound.client..", "io.userbound.cli..")
                .check(product);
        noClasses().that().resideInAPackage("io.userbound.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.userbound.core..", "io.userbound.oauth..",
                        "io.userbound.server..", "io.userbound.client..")
                .check(product);
        noClasses().that().resideInAnyPackage("io.userbound.oauth..", "io.userbound.records..")
                .should().dependOnClassesThat().resideInAnyPackage("io.userbound.server..", "io.userbound.store..",
                        "io.javalin..")
                .check(product);
        noClasses().that().resideInAPackage("io.userbound.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.userbound.server..", "io.userbound.core..",
                        "io.userbound.oauth..")
                .check(product);
    }
}
