package dev.zerofail.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process and captures what it prints. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(o, e, args);
        }
        Cli cli = new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        if (jsonOnStdout(args) && !cli.out.isBlank()) {
            dev.zerofail.Contracts.assertValid(cli.out);
        }
        return cli;
    }

    /** --format json (or -f json) without -o/--output: the document is on standard output. */
    private static boolean jsonOnStdout(String... args) {
        // compose config --format json prints the merged Compose file itself (docker's format, readable by
        // docker stack deploy -c), not a zerofail document; ComposeCliTest checks its shape
        if (args.length >= 2 && args[0].equals("compose") && args[1].equals("config")) {
            return false;
        }
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-f") || a.equals("--format")) && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json")
                    || a.equalsIgnoreCase("--format=json") || a.equalsIgnoreCase("-fjson")) {
                json = true;
            }
            if (a.equals("-o") || a.equals("--output") || a.startsWith("--output=") || a.equals("--")) {
                return false;
            }
        }
        return json;
    }
}
