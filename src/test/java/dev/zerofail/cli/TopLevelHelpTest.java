package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The top-level usage printed from the build-time resources (issue 13) is what picocli prints for
 * the live, full command tree: a command registered in {@link Main#COMMANDS} or a changed summary
 * that the resources miss fails here.
 */
class TopLevelHelpTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = TopLevelHelp.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " (made by the build: mvn process-classes)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What picocli itself prints for {@code args} with every command's full model and the given colours. */
    private static String live(CommandLine.Help.Ansi ansi, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cl = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), none);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
        assertThat(cl.execute(args)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theResourcesAreWhatPicocliPrintsForTheLiveTree() throws IOException {
        assertThat(resource(TopLevelHelp.PLAIN)).isEqualTo(live(CommandLine.Help.Ansi.OFF, "--help"));
        assertThat(resource(TopLevelHelp.ANSI)).isEqualTo(live(CommandLine.Help.Ansi.ON, "--help"))
                .contains("\u001b[");
        for (String command : Main.COMMANDS.keySet()) {
            assertThat(resource(TopLevelHelp.PLAIN)).contains("  " + command + " ");
        }
    }

    @Test
    void everyWayOfAskingPrintsTheResourceAsPicocliWould() throws IOException {
        String expected = live(CommandLine.Help.Ansi.OFF, "--help");
        for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"help"}}) {
            assertThat(TopLevelHelp.asked(args)).isTrue();
            Cli r = Cli.run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).isEqualTo(expected);
            assertThat(live(CommandLine.Help.Ansi.OFF, args)).isEqualTo(expected);
        }
        assertThat(expected).isEqualTo(resource(TopLevelHelp.PLAIN));
    }

    @Test
    void anythingMoreGoesToPicocli() {
        assertThat(TopLevelHelp.asked("help", "scan")).isFalse();
        assertThat(TopLevelHelp.asked("--help", "scan")).isFalse();
        assertThat(TopLevelHelp.asked("scan")).isFalse();
        assertThat(TopLevelHelp.asked("-V")).isFalse();
        assertThat(Cli.run("help", "scan").out()).contains("Usage: zerofail scan");
    }

    @Test
    void aWidthAskedThroughPicocliIsLeftToPicocli() {
        String before = System.getProperty("picocli.usage.width");
        System.setProperty("picocli.usage.width", "120");
        try {
            assertThat(TopLevelHelp.text()).isNull();
        } finally {
            if (before == null) {
                System.clearProperty("picocli.usage.width");
            } else {
                System.setProperty("picocli.usage.width", before);
            }
        }
        assertThat(TopLevelHelp.text()).isNotNull();
    }
}
