package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.report.Format;
import dev.zerofail.report.Versions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: builds the command tree, maps every failure to one {@link ExitCode}.
 *
 * <p>Start-up: picocli builds its model of a command reflectively (every option, mixin and
 * annotation), which for the whole tree took most of {@code zerofail --version}'s time. So only the
 * command being run gets its model; the others are stubs that carry their name and one-line
 * summary, which is all {@code zerofail --help}, {@code help} and an unknown command's error need.
 * {@code generate-completion} builds everything.
 */
@Command(name = "zerofail", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Find why deploys fail, remove the causes, then deploy safely.", ""},
        footer = {"", "Run 'zerofail help COMMAND' for a command's options. Docs: README.md and docs/ in the repository."})
public final class Main implements Runnable {
    /**
     * The top-level commands by name, in the order {@code --help} lists them (a test checks each
     * name against its class's annotation; reading the annotations here would load every class).
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("init", InitCommand.class);
        m.put("audit", AuditCommand.class);
        m.put("scan", ScanCommand.class);
        m.put("secrets", SecretsCommand.class);
        m.put("workflows", WorkflowsCommand.class);
        m.put("compose", ComposeCommand.class);
        m.put("deploy", DeployCommand.class);
        m.put("rollback", RollbackCommand.class);
        m.put("verify", VerifyCommand.class);
        m.put("status", StatusCommand.class);
        m.put("history", HistoryCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("stats", StatsCommand.class);
        m.put("timeline", TimelineCommand.class);
        m.put("runs", RunsCommand.class);
        m.put("dashboards", DashboardsCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        m.put("generate-completion", AutoComplete.GenerateCompletion.class);
        return java.util.Collections.unmodifiableMap(m);
    }

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
        // status builds a Docker client first thing: load its classes on the other core too
        if (args.length > 0 && args[0].equals("status")) {
            dev.zerofail.swarm.DockerEngine.preload();
        }
        int code = run(System.out, System.err, args);
        endHttpSelectors();
        System.exit(code);
    }

    /**
     * JDK 17's {@code java.net.http.HttpClient} keeps a selector thread in {@code epoll_wait} for as long as the client
     * lives (it has no close before JDK 21), and HotSpot's exit waits up to 300 ms for threads in native code to stop.
     * The selector's loop ends when its thread is interrupted, so a command that sent HTTP requests (deploy's health
     * checks, verify, an audit's metrics probe) ends at once instead of 0.3 s after its last line.
     */
    static void endHttpSelectors() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        long deadline = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().startsWith("HttpClient-") && threads[i].getName().endsWith("-SelectorManager")) {
                threads[i].interrupt();
                try {
                    threads[i].join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Runs the CLI with the given streams; returns the exit code (used by tests, too). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the one answer that needs no command model: spare it picocli's start-up (most of its time)
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
            return ExitCode.OK.code();
        }
        if (TopLevelHelp.asked(args)) {
            String help = TopLevelHelp.text(); // rendered at build time: no model of the tree to build
            if (help != null) {
                out.print(help);
                out.flush();
                return ExitCode.OK.code();
            }
        }
        try {
            ReportCommand quick = QuickLine.parse(args);
            if (quick != null) {
                return quick(quick, out, err, args);
            }
            return commandLine(out, err, args).execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler; an Error would leave the JVM with status 1, which
            // reads as "findings". Input is bounded before it gets here (core.Yaml), so this is a bug.
            err.println("zerofail: internal error " + e.getClass().getName() + " (please report it with the command you ran)");
            err.flush();
            return ExitCode.INTERNAL.code();
        }
    }

    /**
     * A common command line without picocli's model ({@link QuickLine}). A failure is reported by the
     * same handler picocli would call, with the command of a model built only then from the same line.
     */
    private static int quick(ReportCommand command, PrintStream out, PrintStream err, String... args) {
        command.streams(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        try {
            return command.call();
        } catch (Exception e) { // picocli hands any Exception of call() to the same handler
            CommandLine cl = commandLine(out, err, args);
            cl.parseArgs(args); // the line QuickLine accepted: sets the options (--format of an error) as in the quick run
            for (String name : QuickLine.path(args)) {
                cl = cl.getSubcommands().get(name);
            }
            return handle(e, cl);
        }
    }

    /** The whole command tree, every command with its full model. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, "generate-completion");
    }

    /**
     * The tree for {@code args}: the full model of the command they run; when they run none (help,
     * an unknown command), stubs with each command's name and summary, for the list and the
     * "did you mean".
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, String... args) {
        Set<String> full = commandsToBuild(args);
        CommandLine cl = new CommandLine(new Main());
        boolean stubs = full != null && (full.isEmpty() || full.equals(Set.of("help")) || !COMMANDS.keySet().containsAll(full));
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (full == null || full.contains(c.getKey())) {
                cl.addSubcommand(c.getKey(), c.getValue());
            } else if (stubs) {
                CommandLine.Model.CommandSpec stub = CommandLine.Model.CommandSpec.create();
                stub.usageMessage().header(summary(c.getValue().getAnnotation(Command.class)));
                cl.addSubcommand(c.getKey(), stub);
            }
        }
        // handlers and streams reach the subcommands registered by now, so they are set after
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        if (cl.getSubcommands().containsKey("generate-completion")) {
            cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        }
        if (cl.getSubcommands().containsKey("secrets") && cl.getSubcommands().get("secrets").getCommand() instanceof SecretsCommand) {
            // secrets run passes its child's output through byte for byte, not through a Writer
            ((SecretsRunCommand) cl.getSubcommands().get("secrets").getSubcommands().get("run").getCommand()).streams(out, err);
        }
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            // padded by hand: String.format's first use (Formatter, locale data) was a tenth of a short command's CPU
            String code = Integer.toString(c.code());
            exitCodes.put(" ".repeat(Math.max(0, 3 - code.length())) + code, c.meaning());
        }
        applyExitCodes(cl, exitCodes);
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --format JSON, --fail-on High
        Handlers handlers = new Handlers();
        cl.setExecutionExceptionHandler(handlers);
        cl.setParameterExceptionHandler(handlers);
        cl.setExitCodeExceptionMapper(handlers);
        return cl;
    }

    /**
     * The top-level commands {@code args} run (the first word that is not an option; for
     * {@code help}, the command it names as well); null: all of them ({@code generate-completion}).
     */
    static Set<String> commandsToBuild(String... args) {
        String first = null;
        for (String a : args) {
            if (a.startsWith("@")) {
                return null; // an argument file: picocli reads it later, so build everything
            }
            if (a.startsWith("-")) {
                continue;
            }
            if (first == null && !a.equals("help")) {
                return a.equals("generate-completion") ? null : Set.of(a);
            }
            if (first != null) {
                return a.equals("help") ? Set.of(a) : Set.of("help", a);
            }
            first = a;
        }
        return first == null ? Set.of() : Set.of(first);
    }

    /** The line {@code zerofail --help} shows for a command: its header, else its description's first line. */
    static String summary(Command a) {
        return a.header().length > 0 ? a.header()[0] : a.description().length > 0 ? a.description()[0] : "";
    }

    private static void applyExitCodes(CommandLine cl, Map<String, String> exitCodes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        if (cl.getCommandSpec().usageMessage().header().length > 0) {
            cl.getCommandSpec().usageMessage().synopsisHeading("%nUsage: "); // the one-line summary stands apart
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
                applyExitCodes(sub, exitCodes);
            }
        }
    }

    /** Every failure to one exit code (a class, not lambdas: no invokedynamic bootstrap at start-up). */
    private static final class Handlers implements CommandLine.IExecutionExceptionHandler,
            CommandLine.IParameterExceptionHandler, CommandLine.IExitCodeExceptionMapper {
        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            return handle(ex, commandLine);
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            java.io.PrintWriter w = ex.getCommandLine().getErr();
            w.println("zerofail: " + message(ex));
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                // picocli's suggestions by similarity; only those that start alike are likely typos
                String typed = u.getUnmatched().get(0);
                List<String> close = new java.util.ArrayList<>();
                for (String s : u.getSuggestions()) {
                    if (!typed.isEmpty() && !s.isEmpty() && s.charAt(0) == typed.charAt(0)) {
                        close.add(s);
                    }
                }
                if (!close.isEmpty()) {
                    w.println("Did you mean: " + String.join(", ", close) + "?");
                }
            }
            w.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            w.flush();
            return ExitCode.USAGE.code();
        }

        /**
         * picocli's words, except for a bad enum value, where it lists the constants in capitals:
         * "--format: unknown format 'xml'; use text, json, sarif or markdown".
         */
        private static String message(CommandLine.ParameterException ex) {
            CommandLine.Model.ArgSpec arg = ex.getArgSpec();
            if (arg != null && arg.type().isEnum() && ex.getValue() != null && arg instanceof CommandLine.Model.OptionSpec o) {
                List<String> names = new java.util.ArrayList<>();
                for (Object c : arg.type().getEnumConstants()) {
                    names.add(((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT));
                }
                String last = names.remove(names.size() - 1);
                return o.longestName() + ": unknown " + o.paramLabel().toLowerCase(java.util.Locale.ROOT) + " '"
                        + ex.getValue() + "'; use " + String.join(", ", names) + " or " + last;
            }
            return ex.getMessage();
        }

        @Override
        public int getExitCode(Throwable t) {
            return t instanceof ZerofailException z ? z.exitCode().code() : ExitCode.INTERNAL.code();
        }
    }

    /** {@code ZEROFAIL_DEBUG} set: internal errors come with a (redacted) stack trace. Tests set it. */
    static boolean debug = System.getenv("ZEROFAIL_DEBUG") != null;

    static int handle(Exception ex, CommandLine commandLine) {
        java.io.PrintWriter out = commandLine.getOut();
        java.io.PrintWriter err = commandLine.getErr();
        ZerofailException z;
        if (interrupted(ex)) {
            // the one mapping of an interrupt, whichever layer noticed it and however it reported it
            z = ex instanceof ZerofailException ze ? new ZerofailException(ExitCode.INTERRUPTED, ze.where(), ze.problem(),
                    ze.nextStep(), ze) : new ZerofailException(ExitCode.INTERRUPTED, null, "interrupted",
                    "run the command again", ex);
        } else if (ex instanceof ZerofailException ze) {
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
     * Whether {@code ex} ends the command because its thread was interrupted: an
     * InterruptedException in its cause chain, or the thread's interrupt status, which every
     * layer that catches one restores before it throws its own exception. Clears the status: the
     * exit code reports it.
     */
    static boolean interrupted(Throwable ex) {
        boolean flagged = Thread.interrupted();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return flagged;
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
