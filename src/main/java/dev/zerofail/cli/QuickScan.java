package dev.zerofail.cli;

import dev.zerofail.core.Severity;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The pre-commit hook's command line ({@code scan --staged --quiet --no-color [DIR]}) read without
 * picocli. Building picocli's model of {@code scan} (reflection over every option and mixin, and a
 * proxy class generated per annotation type, which no class-data archive of JDK 17 can hold) was
 * about 90 ms of the hook's CPU, as much as the scan itself (bench/results/precommit.md).
 *
 * <p>Only the few options a hook passes are read here, in the one spelling picocli would read the
 * same way: {@code --staged}, {@code --since REF}, {@code -q}/{@code --quiet}, {@code --no-color},
 * {@code --fail-on SEVERITY} (a lower-case level) and one {@code DIR}. Anything else (help, another
 * option or format, {@code --opt=value}, clustered flags, a repeat, {@code --}, an argument file)
 * returns null and picocli reads the line as before, errors and all. QuickScanTest holds each
 * accepted line to what picocli makes of it.
 */
final class QuickScan {
    private QuickScan() {
    }

    /** A {@link ScanCommand} with the options of {@code args} set as picocli would set them; null: picocli must read them. */
    static ScanCommand parse(String... args) {
        if (args.length < 2 || !args[0].equals("scan")) {
            return null;
        }
        ScanCommand c = new ScanCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.equals("-q") ? "--quiet" : a;
            if (a.startsWith("-") && !seen.add(name)) {
                return null; // picocli refuses a repeated option; let it say so
            }
            switch (name) {
                case "--staged" -> c.staged = true;
                case "--quiet" -> c.output.quiet = true;
                case "--no-color" -> c.output.noColor = true;
                case "--since", "--fail-on" -> {
                    String v = i + 1 < args.length ? args[++i] : null;
                    if (v == null || v.startsWith("-") || v.startsWith("@")) {
                        return null;
                    }
                    if (name.equals("--since")) {
                        c.since = v;
                    } else {
                        c.failOn.failOn = severity(v);
                        if (c.failOn.failOn == null) {
                            return null;
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-") || a.startsWith("@") || !seen.add("DIR")) {
                        return null;
                    }
                    try {
                        c.dir = Path.of(a);
                    } catch (InvalidPathException e) {
                        return null;
                    }
                }
            }
        }
        return c;
    }

    private static Severity severity(String v) {
        for (Severity s : Severity.values()) {
            if (s.label().equals(v)) {
                return s;
            }
        }
        return null;
    }
}
