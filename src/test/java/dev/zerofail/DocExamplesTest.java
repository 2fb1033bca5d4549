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
 * N (default 0). In a transcript block only the {@code $ } lines are commands. Unmarked blocks (a
 * deploy, a store, a token) are not run.
 */
class DocExamplesTest {
    private static final Pattern MARKER = Pattern.compile("^<!--\\s*runnable(?:\\s+exit=(\\d+))?\\s*-->\\s*$");

    record Example(String file, int line, String script, int exit) {
    }

    @TempDir
    Path work;

    @Test
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
                new Example("x.md", 3, "zerofail audit examples/acme-platform\n", 1),
                new Example("x.md", 13, "# a comment\nzerofail scan examples/acme-platform \\\n  --fail-on critical\n", 0));
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
            for (String l : body) {
                if (!transcript) {
                    script.append(l).append('\n');
                } else if (l.startsWith("$ ")) {
                    script.append(l.substring(2)).append('\n');
                }
            }
            out.add(new Example(file, i + 2, script.toString(), exit));
            i = j;
        }
        return out;
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
