package dev.zerofail.cli;

import dev.zerofail.core.Severity;
import dev.zerofail.report.Format;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The commonest command lines read without picocli: the pre-commit hook's
 * ({@code scan --staged --quiet --no-color [DIR]}), and {@code history [DIR]} and
 * {@code workflows analyze [DIR]}, which often have nothing to do. Building picocli's model of one
 * command (reflection over every option and mixin, and a proxy class generated per annotation type,
 * which no class-data archive of JDK 17 can hold) costs more CPU than such a command's own work
 * (docs/startup.md).
 *
 * <p>Only a few options are read here, in the one spelling picocli would read the same way:
 * {@code -q}/{@code --quiet}, {@code --no-color}, {@code -f}/{@code --format FORMAT} (a lower-case
 * name) and one {@code DIR} for the three; {@code --fail-on SEVERITY} (a lower-case level) for
 * {@code scan} and {@code workflows analyze}; {@code --staged} and {@code --since REF} for
 * {@code scan}. Anything else (help, another option, {@code --opt=value}, clustered flags, a repeat,
 * {@code --}, an argument file) returns null and picocli reads the line as before, errors and all.
 * QuickLineTest holds each accepted line to what picocli makes of it.
 */
final class QuickLine {
    private QuickLine() {
    }

    /** The command {@code args} run, with its options set as picocli would set them; null: picocli must read them. */
    static ReportCommand parse(String... args) {
        if (args.length >= 1 && args[0].equals("scan")) {
            return read(new ScanCommand(), args, 1);
        }
        if (args.length >= 1 && args[0].equals("history")) {
            return read(new HistoryCommand(), args, 1);
        }
        if (args.length >= 2 && args[0].equals("workflows") && args[1].equals("analyze")) {
            return read(new WorkflowsAnalyzeCommand(), args, 2);
        }
        return null;
    }

    /** The names of the subcommands {@code args} run, as picocli nests them (for its model when a quick run fails). */
    static String[] path(String... args) {
        return args[0].equals("workflows") ? new String[] {"workflows", "analyze"} : new String[] {args[0]};
    }

    private static ReportCommand read(ReportCommand c, String[] args, int from) {
        Set<String> seen = new HashSet<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String name = a.equals("-q") ? "--quiet" : a.equals("-f") ? "--format" : a;
            if (a.startsWith("-") && !seen.add(name)) {
                return null; // picocli refuses a repeated option; let it say so
            }
            if (name.equals("--format") || name.equals("--fail-on") || name.equals("--since")) {
                String v = i + 1 < args.length ? args[++i] : null;
                if (v == null || v.startsWith("-") || v.startsWith("@") || !option(c, name, v)) {
                    return null;
                }
            } else if (a.startsWith("-") || a.startsWith("@")) {
                if (!flag(c, name)) {
                    return null;
                }
            } else if (!seen.add("DIR") || !dir(c, a)) {
                return null;
            }
        }
        return c;
    }

    private static boolean flag(ReportCommand c, String name) {
        switch (name) {
            case "--quiet" -> c.output.quiet = true;
            case "--no-color" -> c.output.noColor = true;
            case "--staged" -> {
                if (!(c instanceof ScanCommand s)) {
                    return false;
                }
                s.staged = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean option(ReportCommand c, String name, String v) {
        if (name.equals("--format")) {
            c.output.format = named(Format.values(), v);
            return c.output.format != null;
        }
        if (name.equals("--since") && c instanceof ScanCommand s) {
            s.since = v;
            return true;
        }
        Severity level = name.equals("--fail-on") ? named(Severity.values(), v) : null;
        if (level != null && c instanceof ScanCommand s) {
            s.failOn.failOn = level;
            return true;
        }
        if (level != null && c instanceof WorkflowsAnalyzeCommand w) {
            w.failOn.failOn = level;
            return true;
        }
        return false;
    }

    private static boolean dir(ReportCommand c, String a) {
        Path p;
        try {
            p = Path.of(a);
        } catch (InvalidPathException e) {
            return false;
        }
        if (c instanceof ScanCommand s) {
            s.dir = p;
        } else if (c instanceof HistoryCommand h) {
            h.repository.dir = p;
        } else {
            ((WorkflowsAnalyzeCommand) c).repository.dir = p;
        }
        return true;
    }

    /** The constant whose name in lower case is {@code v}: the one spelling picocli and this read alike. */
    private static <E extends Enum<E>> E named(E[] values, String v) {
        for (E e : values) {
            if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
                return e;
            }
        }
        return null;
    }
}
