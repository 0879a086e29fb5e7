package org.carerelay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundary DESIGN.md draws: rules are plain Java over the R4 model. They never see HTTP, the server, the
 * database or Spring; adapters around them do.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.carerelay");

    @Test
    void rulesDependOnNeitherServerNorStorageNorSpring() {
        noClasses()
                .that()
                .resideInAPackage("org.carerelay..rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ca.uhn.fhir.rest..",
                        "ca.uhn.fhir.jpa..",
                        "ca.uhn.fhir.interceptor..",
                        "org.springframework..",
                        "jakarta.servlet..",
                        "org.carerelay.server..",
                        "org.carerelay.config..")
                .check(PRODUCTION);
    }

    @Test
    void rulesDoNotDependOnTheirAdapters() {
        for (String feature : new String[] {
            "org.carerelay.handoff",
            "org.carerelay.caregap",
            "org.carerelay.notify",
            "org.carerelay.metrics",
            "org.carerelay.registry",
            "org.carerelay.conflict"
        }) {
            noClasses()
                    .that()
                    .resideInAPackage(feature + ".rules..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(feature)
                    .check(PRODUCTION);
        }
    }

    /**
     * Stricter than the rules packages: the scope model reads a string, so it needs only the JDK, and keeping it so
     * lets any adapter (an interceptor, a test, a CLI) use it without a server.
     */
    @Test
    void scopeModelDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage("org.carerelay.security.scopes..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.carerelay.security.scopes..")
                .check(PRODUCTION);
    }

    /** Authorization is one cross-cutting package: features learn who called from the request, not from it. */
    @Test
    void noFeatureDependsOnTheSecurityPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.carerelay.security..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.carerelay.security..")
                .check(PRODUCTION);
    }
}
