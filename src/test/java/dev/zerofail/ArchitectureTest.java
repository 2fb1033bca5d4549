package dev.zerofail;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package arrows of docs/architecture.md: cli/server → report → capabilities → core, one way, no cycles. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.zerofail");
    static final String[] CAPABILITIES = {"dev.zerofail.scan..", "dev.zerofail.secrets..", "dev.zerofail.workflow..",
        "dev.zerofail.compose..", "dev.zerofail.deploy..", "dev.zerofail.history..", "dev.zerofail.runs..",
        "dev.zerofail.metrics..", "dev.zerofail.audit..", "dev.zerofail.swarm..", "dev.zerofail.init..", "dev.zerofail.stats..",
        "dev.zerofail.timeline.."};

    @Test
    void coreDependsOnNoOtherZerofailPackage() {
        noClasses().that().resideInAPackage("dev.zerofail.core..").should().dependOnClassesThat()
                .resideOutsideOfPackages("dev.zerofail.core..", "java..", "javax.crypto..", "org.snakeyaml..")
                .check(CLASSES);
    }

    @Test
    void capabilitiesDoNotPrintOrParseCommandLines() {
        noClasses().that().resideInAnyPackage(CAPABILITIES).should().dependOnClassesThat()
                .resideInAnyPackage("dev.zerofail.cli..", "dev.zerofail.server..", "dev.zerofail.report..", "picocli..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage(CAPABILITIES).should()
                .accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(CLASSES);
    }

    /** Reporters read the capabilities' result records to render them; they never reach back into the CLI or server. */
    @Test
    void reportersRenderResultsButNeverRunCommands() {
        noClasses().that().resideInAPackage("dev.zerofail.report..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.zerofail.cli..", "dev.zerofail.server..").check(CLASSES);
    }

    /** The server is a top layer beside the CLI: it answers over HTTP, never through the command line or the console. */
    @Test
    void serverStandsBesideTheCliNotOnIt() {
        noClasses().that().resideInAPackage("dev.zerofail.server..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.zerofail.cli..", "picocli..").check(CLASSES);
        noClasses().that().resideInAPackage("dev.zerofail.server..").should()
                .accessField(System.class, "out").orShould().accessField(System.class, "err").check(CLASSES);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.zerofail.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
