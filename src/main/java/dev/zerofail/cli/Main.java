package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.report.Format;
import dev.zerofail.report.Versions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: builds the command tree, maps every failure to one {@link ExitCode}. */
@Command(name = "zerofail", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Find why deploys fail, remove the causes, then deploy safely.", ""},
        subcommands = {AuditCommand.class, ScanCommand.class, SecretsCommand.class, WorkflowsCommand.class, ComposeCommand.class,
                DeployCommand.class, RollbackCommand.class, VerifyCommand.class, StatusCommand.class,
                HistoryCommand.class,
                CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class},
        footer = {"", "Run 'zerofail help COMMAND' for a command's options. Docs: README.md and docs/ in the repository."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // these commands need the built-in rules; parse them on the other core while picocli starts
        if (args.length > 0 && java.util.Set.of("scan", "audit", "compose", "secrets").contains(args[0])) {
            dev.zerofail.scan.RuleSet.preload();
        }
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests, too). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = commandLine(out, err);
        try {
            return cl.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler; an Error would leave the JVM with status 1, which
            // reads as "findings". Input is bounded before it gets here (core.Yaml), so this is a bug.
            err.println("zerofail: internal error " + e.getClass().getName() + " (please report it with the command you ran)");
            err.flush();
            return ExitCode.INTERNAL.code();
        }
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        // secrets run passes its child's output through byte for byte, not through a Writer
        ((SecretsRunCommand) cl.getSubcommands().get("secrets").getSubcommands().get("run").getCommand()).streams(out, err);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            exitCodes.put(String.format("%3d", c.code()), c.meaning());
        }
        applyExitCodes(cl, exitCodes);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, commandLine));
        cl.setParameterExceptionHandler((ex, args) -> {
            java.io.PrintWriter w = ex.getCommandLine().getErr();
            w.println("zerofail: " + ex.getMessage());
            w.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            w.flush();
            return ExitCode.USAGE.code();
        });
        cl.setExitCodeExceptionMapper(t -> t instanceof ZerofailException z ? z.exitCode().code() : ExitCode.INTERNAL.code());
        return cl;
    }

    private static void applyExitCodes(CommandLine cl, Map<String, String> exitCodes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
                applyExitCodes(sub, exitCodes);
            }
        }
    }

    /** {@code ZEROFAIL_DEBUG} set: internal errors come with a (redacted) stack trace. Tests set it. */
    static boolean debug = System.getenv("ZEROFAIL_DEBUG") != null;

    static int handle(Exception ex, CommandLine commandLine) {
        java.io.PrintWriter out = commandLine.getOut();
        java.io.PrintWriter err = commandLine.getErr();
        ZerofailException z;
        if (ex instanceof ZerofailException ze) {
            z = ze;
        } else {
            // A bug: say so, with the type and where, but never the message text of arbitrary
            // exceptions, which might quote input (and so a secret).
            StackTraceElement at = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
            z = new ZerofailException(ExitCode.INTERNAL, null, "internal error " + ex.getClass().getName()
                    + (at == null ? "" : " at " + at), "please report it with the command you ran", ex);
            if (debug) {
                err.print(redactedTrace(ex));
            }
        }
        Object user = commandLine.getCommand();
        if (user instanceof HasOutput h && h.output().format == Format.JSON && h.output().output == null) {
            String name = commandLine.getCommandSpec().qualifiedName().replaceFirst("^zerofail ?", "");
            out.print(h.output().reporter().renderError(name, z));
            out.flush();
        }
        err.println("zerofail: " + z.describe());
        err.flush();
        return z.exitCode().code();
    }

    /**
     * The stack trace for {@code ZEROFAIL_DEBUG}: exception types and frames of the whole cause
     * chain, no message text. A driver, parser or HTTP client may quote what it read (a value, a
     * URL with a password) in a message, and traces end up pasted into public bug reports.
     */
    static String redactedTrace(Throwable ex) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            sb.append(t == ex ? "" : "Caused by: ").append(t.getClass().getName());
            if (t.getMessage() != null) {
                sb.append(" (message withheld, ").append(t.getMessage().length()).append(" chars)");
            }
            sb.append(System.lineSeparator());
            for (StackTraceElement e : t.getStackTrace()) {
                sb.append("\tat ").append(e).append(System.lineSeparator());
            }
        }
        return sb.toString();
    }

    /** Commands that render a report expose their output options, so errors can follow the format. */
    interface HasOutput {
        OutputOptions output();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zerofail " + Versions.version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
