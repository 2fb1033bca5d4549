package dev.zerofail.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The launcher's class-data-sharing training run: several commands in one JVM, on a repository it
 * is given (the bundled example), so the archive holds the classes of start-up, help, the reports
 * and the read-only commands, not of a scan alone. Writes nothing; output goes nowhere.
 */
final class Training {
    private Training() {
    }

    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : ".";
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        String[][] runs = {
            {"--version"}, {"--help"}, {"help", "scan"}, {"secrets", "--help"}, {"nosuchcommand"},
            {"scan", dir, "-q", "-f", "json"}, {"scan", dir, "-q"}, {"scan", "--staged", dir, "-q"},
            {"scan", "--since", "HEAD", dir, "-q"},
            {"audit", dir, "-q", "-f", "markdown"},
            {"workflows", "analyze", dir, "-q"}, {"compose", "analyze", dir, "-q", "-f", "json"},
            {"secrets", "check", dir, "-q"}, {"history", dir, "-f", "json"},
        };
        for (String[] run : runs) {
            try {
                Main.run(none, none, run);
            } catch (RuntimeException e) {
                // a training run that fails still trained what it loaded
            }
        }
        System.exit(0);
    }
}
