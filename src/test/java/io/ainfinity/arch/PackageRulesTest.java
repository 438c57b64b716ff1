package io.ainfinity.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layout of docs/ARCHITECTURE.md, checked on the compiled classes: top-level packages form layers, so no
 * two of them depend on each other (directly or around a longer loop), and the lowest ones know nothing of jobs.
 */
class PackageRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ainfinity");
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("io.ainfinity.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void processAndConfigKnowNothingOfJobs() {
        noClasses()
                .that()
                .resideInAnyPackage("io.ainfinity.process..", "io.ainfinity.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.ainfinity.job..", "io.ainfinity.skypilot..", "io.ainfinity.backend..")
                .check(classes);
    }

    @Test
    void theLocalBackendKnowsNothingOfSkyPilot() {
        noClasses()
                .that()
                .resideInAPackage("io.ainfinity.backend..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.ainfinity.skypilot..")
                .check(classes);
    }

    /** Plain Java: no CDI, no Mutiny, nothing of jobs or their backends (annotations for the native image aside). */
    @Test
    void theTaskModelIsPure() {
        noClasses()
                .that()
                .resideInAPackage("io.ainfinity.task..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.ainfinity.job..",
                        "io.ainfinity.config..",
                        "io.ainfinity.process..",
                        "io.ainfinity.skypilot..",
                        "io.ainfinity.backend..",
                        "io.quarkus.arc..",
                        "io.smallrye.mutiny..",
                        "jakarta.enterprise..")
                .check(classes);
    }

    @Test
    void errorsAndLogReadersDependOnNoOtherProjectPackage() {
        noClasses()
                .that()
                .resideInAnyPackage("io.ainfinity.errors..", "io.ainfinity.logs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.ainfinity.job..",
                        "io.ainfinity.task..",
                        "io.ainfinity.config..",
                        "io.ainfinity.skypilot..",
                        "io.ainfinity.backend..",
                        "io.ainfinity.security..",
                        "io.ainfinity.http..")
                .check(classes);
    }
}
