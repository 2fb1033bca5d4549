package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The top-level usage printed from the build-time constants (issue 13) is what picocli prints for
 * the live, full command tree: a command registered in {@link Main#COMMANDS} or a changed summary
 * that the constants miss fails here.
 */
class TopLevelHelpTest {
    /** The usage the build rendered into TopLevelHelpText. */
    private static String resource(boolean ansi) {
        String text = TopLevelHelp.rendered(ansi);
        assertThat(text).as(TopLevelHelp.TEXT_CLASS + " (made by the build: mvn process-classes)").isNotNull();
        return text;
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
    void theConstantsAreWhatPicocliPrintsForTheLiveTree() {
        assertThat(resource(false)).isEqualTo(live(CommandLine.Help.Ansi.OFF, "--help"));
        assertThat(resource(true)).isEqualTo(live(CommandLine.Help.Ansi.ON, "--help"))
                .contains("\u001b[");
        for (String command : Main.COMMANDS.keySet()) {
            assertThat(resource(false)).contains("  " + command + " ");
        }
    }

    @Test
    void everyWayOfAskingPrintsTheConstantAsPicocliWould() {
        String expected = live(CommandLine.Help.Ansi.OFF, "--help");
        for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"help"}}) {
            assertThat(TopLevelHelp.asked(args)).isTrue();
            Cli r = Cli.run(args);
            assertThat(r.exit()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).isEqualTo(expected);
            assertThat(live(CommandLine.Help.Ansi.OFF, args)).isEqualTo(expected);
        }
        assertThat(expected).isEqualTo(resource(false));
    }

    /** The class file the build writes: every constant back as written, whatever its characters. */
    @Test
    void theGeneratedClassGivesBackEachConstant() throws Exception {
        String[][] fields = {{"A", "plain\n"}, {"B", "\u00e9 \u2713 \u0000 \u001b[1m \ud83d\ude80"}, {"C", ""}};
        byte[] bytes = TopLevelHelp.constants("x.Constants", fields);
        Class<?> c = new ClassLoader(null) {
            Class<?> define() {
                return defineClass("x.Constants", bytes, 0, bytes.length);
            }
        }.define();
        for (String[] f : fields) {
            assertThat(c.getField(f[0]).get(null)).as(f[0]).isEqualTo(f[1]);
        }
        assertThat(c.getDeclaredFields()).hasSize(3);
        assertThat(c.getDeclaredMethods()).isEmpty();
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
