package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lazy registration (issue 13) keeps help, completion and errors as they were; one exit-code table. */
class StartupCliTest {
    private static CommandLine fullTree() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        return Main.commandLine(none, none);
    }

    /** Every command path of the full tree: [audit], [secrets], [secrets, sync], … */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> all = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            all.add(path);
            all.addAll(paths(e.getValue(), path));
        }
        return all;
    }

    @Test
    void theCommandTableNamesEachClassByItsAnnotation() {
        Main.COMMANDS.forEach((name, type) -> assertThat(type.getAnnotation(Command.class).name()).isEqualTo(name));
        assertThat(fullTree().getSubcommands().keySet()).containsExactlyElementsOf(Main.COMMANDS.keySet());
    }

    @Test
    void onlyTheCommandBeingRunIsBuilt() {
        assertThat(Main.commandsToBuild("scan", "-f", "json", ".")).isEqualTo(Set.of("scan"));
        assertThat(Main.commandsToBuild("-q", "secrets", "sync")).isEqualTo(Set.of("secrets"));
        assertThat(Main.commandsToBuild("help", "deploy")).isEqualTo(Set.of("help", "deploy"));
        assertThat(Main.commandsToBuild("help", "help")).isEqualTo(Set.of("help"));
        assertThat(Main.commandsToBuild("--help")).isEmpty();
        assertThat(Main.commandsToBuild("generate-completion")).isNull();
        assertThat(Main.commandsToBuild("@args.txt")).isNull();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        CommandLine scan = Main.commandLine(none, none, "scan", ".");
        assertThat(scan.getSubcommands()).containsOnlyKeys("scan");
        assertThat((Object) scan.getSubcommands().get("scan").getCommand()).isInstanceOf(ScanCommand.class);
    }

    @Test
    void topLevelHelpListsEveryCommandOnOneLine() {
        Cli r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        int from = lines.indexOf("Commands:");
        int to = lines.indexOf("Exit codes:");
        assertThat(from).isPositive();
        List<String> list = lines.subList(from + 1, to).stream().filter(l -> !l.isBlank()).toList();
        // one line per command, its summary beside its name: nothing wraps onto a second line
        assertThat(list).hasSameSizeAs(Main.COMMANDS.keySet());
        for (Map.Entry<String, Class<?>> c : Main.COMMANDS.entrySet()) {
            String summary = Main.summary(c.getValue().getAnnotation(Command.class)).replace("%n", "").replace("%%", "%")
                    .replace("${ROOT-COMMAND-NAME:-the root command of this command}", "zerofail");
            assertThat(list).anySatisfy(l -> assertThat(l.strip()).startsWith(c.getKey() + " ").endsWith(summary));
        }
        assertThat(Cli.run().out()).isEqualTo(r.out());
        assertThat(Cli.run("help").out()).isEqualTo(r.out());
    }

    @Test
    void everyCommandHasItsParagraphAndTheExitTableInItsOwnHelp() {
        for (List<String> path : paths(fullTree(), List.of())) {
            if (path.get(0).equals("generate-completion")) {
                continue; // prints the script, not help, when run
            }
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", path)).isZero();
            assertThat(r.out()).as(String.join(" ", path)).contains("Usage: zerofail " + String.join(" ", path), "Exit codes:");
            String flat = r.out().replaceAll("\\s+", " ");
            for (ExitCode c : ExitCode.values()) {
                assertThat(flat).as(String.join(" ", path)).contains(c.meaning());
            }
        }
        // help COMMAND shows the paragraph, which --help's list leaves out
        assertThat(Cli.run("help", "scan").out()).contains("Find placeholder and hard-coded secrets.",
                "Templates (.env.example, *.sample, *.template)");
        assertThat(Cli.run("--help").out()).doesNotContain("Templates (.env.example");
    }

    @Test
    void versionNeedsNoCommandModelAndSaysTheSameAsPicocli() {
        Cli fast = Cli.run("--version");
        assertThat(fast.exit()).isZero();
        assertThat(fast.out()).startsWith("zerofail ").contains("Java ");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cl = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), none, "-V");
        assertThat(cl.execute("-V")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fast.out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithLikelyTypos() {
        Cli typo = Cli.run("scna");
        assertThat(typo.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(typo.err()).contains("'scna'", "Did you mean: scan?", "zerofail --help");
        Cli other = Cli.run("frobnicate", "--fast");
        assertThat(other.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(other.err()).contains("'frobnicate'").doesNotContain("Did you mean");
        Cli help = Cli.run("help", "frobnicate");
        assertThat(help.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(help.err()).contains("frobnicate");
        assertThat(Cli.run("secrets", "frob").exit()).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void completionCoversNestedCommandsAndTheirOptions() {
        Cli r = Cli.run("generate-completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F", "secrets", "sync", "--allow-partial", "workflows", "apply", "--fail-on");
    }

    @Test
    void anInterruptIsOneExitCodeWhereverItWasNoticed() {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cl = Main.commandLine(none, none, "status");
        assertThat(Main.handle(new InterruptedException(), cl)).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(Main.handle(new IllegalStateException("watching", new InterruptedException()), cl))
                .isEqualTo(ExitCode.INTERRUPTED.code());
        // a layer that caught the interrupt restored the flag and threw its own error
        Thread.currentThread().interrupt();
        assertThat(Main.handle(new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "deploy lock", "interrupted while "
                + "waiting for the deploy lock", "run the command again"), cl)).isEqualTo(ExitCode.INTERRUPTED.code());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(Main.handle(new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, null, "down", "later"), cl))
                .isEqualTo(ExitCode.SERVICE_UNAVAILABLE.code());
        assertThat(ExitCode.INTERRUPTED.code()).isEqualTo(130);
        assertThat(Cli.run("--help").out()).contains("130", "interrupted");
    }

    @Test
    void theGravestExitCodeWins() {
        assertThat(ExitCode.ROLLED_BACK.worse(ExitCode.INTERRUPTED)).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(ExitCode.INTERRUPTED.worse(ExitCode.ROLLBACK_FAILED)).isEqualTo(ExitCode.ROLLBACK_FAILED);
        assertThat(ExitCode.INTERNAL.worse(ExitCode.ROLLBACK_FAILED)).isEqualTo(ExitCode.INTERNAL);
        assertThat(ExitCode.OK.worse(ExitCode.FINDINGS)).isEqualTo(ExitCode.FINDINGS);
        for (ExitCode c : ExitCode.values()) {
            assertThat(ExitCode.of(c.code())).isEqualTo(c);
        }
    }
}
