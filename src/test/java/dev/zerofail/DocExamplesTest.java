package dev.zerofail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell examples of README.md and docs/*.md marked {@code <!-- runnable -->} (or
 * {@code <!-- runnable exit=N -->}) on the line before their code block run, in a scratch copy of
 * {@code examples/} (so {@code zerofail audit examples/acme-platform} works and nothing in the
 * repository changes), one copy per doc whose blocks run in order (each block in a new shell, from
 * that folder), with {@code zerofail} on PATH running the compiled classes. A block is one
 * bash script under {@code set -e}: every command but the last must succeed, and the last must exit
 * N (default 0). In a transcript block only the {@code $ } lines are commands, and the lines it shows
 * under them must appear in the output in that order ({@link #firstUnmatched}: {@code …} elides, times
 * and column widths may differ). Unmarked blocks (a deploy, a store, a token) are not run.
 */
class DocExamplesTest {
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*runnable(?:\\s+exit=(\\d+))?\\s*-->\\s*$");

    /** {@code shown}: the output lines a transcript block shows under its commands (empty for a script block). */
    record Example(String file, int line, String script, int exit, List<String> shown) {
        Example(String file, int line, String script, int exit) {
            this(file, line, script, exit, List.of());
        }
    }

    @TempDir
    Path work;

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.MINUTES) // a JVM per command, about thirty of them
    void markedExamplesExitAsTheDocSays() throws Exception {
        List<Example> examples = examples();
        assertThat(examples).as("runnable examples in README.md and docs/").hasSizeGreaterThan(10);
        Path bin = launcher();
        List<String> failures = new ArrayList<>();
        for (Example e : examples) {
            // one folder per doc, its blocks in order: a guide's later steps use what the earlier ones made
            Path dir = work.resolve("run-" + e.file().replace('/', '_'));
            if (!Files.exists(dir)) {
                copy(Path.of("examples"), Files.createDirectories(dir).resolve("examples"));
            }
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", e.script()).directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("NO_COLOR", "1");
            pb.environment().remove("GITHUB_TOKEN");
            pb.environment().remove("GH_TOKEN");
            pb.environment().remove("PULUMI_ACCESS_TOKEN");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                failures.add(e.file() + ":" + e.line() + " did not finish in 300 s");
            } else if (p.exitValue() != e.exit()) {
                failures.add(e.file() + ":" + e.line() + " exited " + p.exitValue() + ", the doc says " + e.exit() + ":\n"
                        + e.script() + "\n--- output (last 2000 chars) ---\n" + out.substring(Math.max(0, out.length() - 2000)));
            } else {
                String missing = firstUnmatched(e.shown(), out);
                if (missing != null) {
                    failures.add(e.file() + ":" + e.line() + " shows a line the command does not print (in this order): "
                            + missing + "\n--- output (first 3000 chars) ---\n" + out.substring(0, Math.min(out.length(), 3000)));
                }
            }
        }
        assertThat(failures).as("runnable doc examples").isEmpty();
    }

    @Test
    void markersBeforeTranscriptsAndScriptsAreRead() {
        String md = """
                text
                <!-- runnable exit=1 -->
                ```
                $ zerofail audit examples/acme-platform
                zerofail audit scorecard  FAIL
                …
                ```

                ```bash
                zerofail deploy --env prod
                ```
                <!-- runnable -->
                ```bash
                # a comment
                zerofail scan examples/acme-platform \\
                  --fail-on critical
                ```
                """;
        assertThat(parse("x.md", md)).containsExactly(
                new Example("x.md", 3, "zerofail audit examples/acme-platform\n", 1, List.of("zerofail audit scorecard  FAIL", "…")),
                new Example("x.md", 13, "# a comment\nzerofail scan examples/acme-platform \\\n  --fail-on critical\n", 0));
    }

    @Test
    void shownOutputMatchesInOrderAllowingElisionsTimesAndColumns() {
        String out = "scan  report\n51 finding(s)   in 1.27 s\nHIGH .env:19 marker\nlast line, with more\n";
        assertThat(firstUnmatched(List.of("scan report", "…", "HIGH .env:19 marker", "last line…"), out)).isNull();
        assertThat(firstUnmatched(List.of("51 finding(s) in 0.40 s"), out)).as("durations may differ").isNull();
        assertThat(firstUnmatched(List.of("HIGH .env:19 marker", "scan report"), out)).as("order matters")
                .isEqualTo("scan report");
        assertThat(firstUnmatched(List.of("52 finding(s) in 1.27 s"), out)).as("counts may not differ")
                .isEqualTo("52 finding(s) in 1.27 s");
    }

    static List<Example> examples() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Example> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(parse(f.toString(), Files.readString(f)));
        }
        return out;
    }

    static List<Example> parse(String file, String text) {
        List<Example> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i].strip());
            if (!m.matches() || !lines[i + 1].strip().startsWith("```")) {
                continue;
            }
            int exit = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            List<String> body = new ArrayList<>();
            int j = i + 2;
            while (j < lines.length && !lines[j].strip().startsWith("```")) {
                body.add(lines[j++]);
            }
            boolean transcript = body.stream().anyMatch(l -> l.startsWith("$ "));
            StringBuilder script = new StringBuilder();
            List<String> shown = new ArrayList<>();
            for (String l : body) {
                if (!transcript) {
                    script.append(l).append('\n');
                } else if (l.startsWith("$ ")) {
                    script.append(l.substring(2)).append('\n');
                } else if (!l.isBlank()) {
                    shown.add(l);
                }
            }
            out.add(new Example(file, i + 2, script.toString(), exit, List.copyOf(shown)));
            i = j;
        }
        return out;
    }

    private static final Pattern TIMES = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?)?|\\b\\d+(\\.\\d+)? ?(ms|s|min|h)\\b");

    /**
     * The first line a transcript shows that the output does not have, in order; null when all are there.
     * A line of only {@code …} is an elision; a line ending in {@code …} shows the start of a longer one;
     * dates, clock times and durations may differ, and so may runs of spaces (column widths).
     */
    static String firstUnmatched(List<String> shown, String output) {
        List<String> actual = output.lines().map(DocExamplesTest::normal).toList();
        int at = 0;
        for (String want : shown) {
            String w = normal(want);
            if (w.equals("…") || w.isEmpty()) {
                continue;
            }
            boolean prefix = w.endsWith("…");
            String stem = prefix ? w.substring(0, w.length() - 1).strip() : w;
            int found = -1;
            for (int k = at; k < actual.size() && found < 0; k++) {
                if (prefix ? actual.get(k).startsWith(stem) : actual.get(k).equals(w)) {
                    found = k;
                }
            }
            if (found < 0) {
                return want;
            }
            at = found + 1;
        }
        return null;
    }

    private static String normal(String line) {
        return TIMES.matcher(line).replaceAll("<t>").replaceAll("\\s+", " ").strip();
    }

    /** A zerofail on PATH that runs the classes this test runs with (the build's, not an installed one). */
    private Path launcher() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path script = bin.resolve("zerofail");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' dev.zerofail.cli.Main \"$@\"\n");
        script.toFile().setExecutable(true);
        return bin;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
