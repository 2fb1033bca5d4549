package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * No input makes a command crash (exit 70) or hang. Every repository-reading command runs in-process
 * over small repositories in which one file (a workflow, a compose file, the dotenv template,
 * zerofail.yaml or the secrets manifest) is replaced by: every file set of ../shared/corpus, truncated and
 * mutated copies of real files (a fixed seed, so a failure reproduces: its name carries the try number),
 * random bytes, a YAML alias bomb, deep nesting, a 10 MB line, duplicate keys, non-UTF-8, an empty file,
 * a directory, and multi-byte characters around the parser's 1024/2048-character buffer edges. Each
 * command must end with 0, 1 or 2, and a 2 must name a file of the repository.
 *
 * <p>{@code -Dzerofail.robustness.tries=N} changes the number of mutated repositories (default 16);
 * {@code ZEROFAIL_CORPUS} points at another corpus directory.
 */
class RobustnessTest {
    static final long SEED = 0x2e10fa11L;
    static final int TRIES = Integer.getInteger("zerofail.robustness.tries", 16);
    /** Far above what any command takes on these small inputs (well under a second); a hang trips it. */
    static final Duration PER_COMMAND = Duration.ofSeconds(30);

    static final String WORKFLOW = """
            name: ci
            on: [push]
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: ./deploy.sh
                    env:
                      API_TOKEN: ${{ secrets.API_TOKEN }}
            """;
    static final String COMPOSE = """
            services:
              api:
                image: example/api:1.2
                environment:
                  API_TOKEN: ${API_TOKEN}
                  DB_PASSWORD_FILE: /run/secrets/db_password
                secrets: [db_password]
            secrets:
              db_password:
                external: true
            """;
    static final String DOTENV = "API_TOKEN=\nDB_PASSWORD=changeme\n";
    static final String CONFIG = "version: 1\nsecrets:\n  manifest: zf.secrets.yaml\n";
    static final String MANIFEST = """
            secrets:
              manifest:
                - name: API_TOKEN
                  path: app.apiToken
                  required: true
                  services: [api]
            """;

    /** The files of the base repository, by the slot an adversarial input can take. */
    enum Slot {
        WORKFLOW(".github/workflows/ci.yml"), COMPOSE("docker-compose.yml"), DOTENV(".env.example"),
        CONFIG("zerofail.yaml"), MANIFEST("zf.secrets.yaml");

        final String path;

        Slot(String path) {
            this.path = path;
        }
    }

    @TempDir
    static Path tmp;

    static Path corpus() {
        return dev.zerofail.TestEnv.sharedCorpus();
    }

    // ------------------------------------------------------------------ the suites

    @TestFactory
    Stream<DynamicTest> everyCorpusFileSet() throws IOException {
        Path corpus = corpus();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path set : list(corpus.resolve("workflows"))) {
            tests.add(DynamicTest.dynamicTest("workflows " + set.getFileName(), () -> {
                Path repo = base("wf-" + set.getFileName());
                Files.delete(repo.resolve(Slot.WORKFLOW.path));
                for (Path f : list(set)) {
                    String name = f.getFileName().toString();
                    Path to = name.startsWith("actions__")
                            ? repo.resolve(".github/actions/" + name.split("__")[1] + "/action.yml")
                            : repo.resolve(".github/workflows/" + name);
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
                runAll(repo, commands(repo, List.of()));
            }));
        }
        for (Path set : list(corpus.resolve("compose"))) {
            tests.add(DynamicTest.dynamicTest("compose " + set.getFileName(), () -> {
                Path repo = base("compose-" + set.getFileName());
                List<Path> files = new ArrayList<>();
                for (Path f : list(set)) {
                    Path to = repo.resolve(f.getFileName().toString());
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    files.add(to);
                }
                runAll(repo, commands(repo, files));
            }));
        }
        assertThat(tests).as("file sets in " + corpus).hasSizeGreaterThan(10);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> handWrittenAdversarialInputs() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Slot slot : Slot.values()) {
            for (Map.Entry<String, Function<Slot, byte[]>> input : adversarial().entrySet()) {
                tests.add(DynamicTest.dynamicTest(slot + " " + input.getKey(), () -> {
                    Path repo = base(slot + "-" + input.getKey());
                    Files.write(repo.resolve(slot.path), input.getValue().apply(slot));
                    runAll(repo, commands(repo, slot));
                }));
            }
            tests.add(DynamicTest.dynamicTest(slot + " is a directory", () -> {
                Path repo = base(slot + "-dir");
                Files.delete(repo.resolve(slot.path));
                Files.createDirectories(repo.resolve(slot.path).resolve("inner"));
                runAll(repo, commands(repo, slot));
            }));
        }
        tests.add(DynamicTest.dynamicTest(".env is a directory", () -> {
            Path repo = base("dotenv-dir");
            Files.createDirectories(repo.resolve(".env"));
            runAll(repo, commands(repo, Slot.DOTENV));
        }));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> multiByteCharactersAtBufferEdges() {
        // The YAML reader once crashed on a character cut in two at its 1024-character window edge. The
        // parsers are checked at every offset around each edge in YamlBoundsTest; here every command that
        // reads the slot sees an emoji, CJK, a combining mark, a BOM and CRLF at the edges.
        List<DynamicTest> tests = new ArrayList<>();
        for (Slot slot : List.of(Slot.WORKFLOW, Slot.COMPOSE, Slot.MANIFEST, Slot.CONFIG)) {
            tests.add(DynamicTest.dynamicTest(slot.toString(), () -> {
                Path repo = base(slot + "-edges");
                Path file = repo.resolve(slot.path);
                String original = Files.readString(file);
                int i = 0;
                for (int edge : new int[] {1024, 2048, 64 * 1024}) {
                    for (String ch : List.of("😀", "中文", "e\u0301")) {
                        int at = edge - 1 + i++ % 2;
                        String text = padded(original, at, ch);
                        for (String variant : List.of(text, "\uFEFF" + text, text.replace("\n", "\r\n"))) {
                            Files.writeString(file, variant);
                            for (String[] args : commands(repo, slot)) {
                                Cli r = run(args);
                                assertThat(r.exit()).as(String.join(" ", args) + " with " + codePoints(ch) + " at " + at
                                        + ": " + r.err()).isIn(0, 1);
                            }
                        }
                    }
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> mutatedRealFiles() throws IOException {
        List<byte[]> seeds = new ArrayList<>(List.of(bytes(WORKFLOW), bytes(COMPOSE), bytes(DOTENV), bytes(MANIFEST),
                bytes(CONFIG)));
        Path corpus = dev.zerofail.TestEnv.sharedCorpusPath();
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> s = Files.walk(corpus)) {
                s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted()
                        .forEach(p -> seeds.add(read(p)));
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            int attempt = i;
            tests.add(DynamicTest.dynamicTest("try " + attempt, () -> {
                Random random = new Random(SEED + attempt);
                Path repo = base("mutated-" + attempt);
                for (Slot slot : Slot.values()) {
                    if (random.nextInt(3) == 0) {
                        byte[] seed = seeds.get(random.nextInt(seeds.size()));
                        Files.write(repo.resolve(slot.path), mutate(seed, random));
                    }
                }
                runAll(repo, commands(repo, List.of()));
            }));
        }
        return tests.stream();
    }

    // ------------------------------------------------------------------ inputs

    static Map<String, Function<Slot, byte[]>> adversarial() {
        Map<String, Function<Slot, byte[]>> m = new TreeMap<>();
        m.put("empty", s -> new byte[0]);
        m.put("random bytes", s -> {
            byte[] b = new byte[4096];
            new Random(SEED).nextBytes(b);
            return b;
        });
        m.put("alias bomb", s -> bytes(aliasBomb()));
        m.put("deep flow nesting", s -> bytes("a: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n"));
        m.put("deep block nesting", s -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                b.append(" ".repeat(i)).append("k").append(i).append(":\n");
            }
            return bytes(b.toString());
        });
        m.put("10 MB line", s -> bytes("x: \"" + "a".repeat(10 * 1024 * 1024) + "\"\n"));
        m.put("duplicate keys", s -> bytes(original(s) + original(s)));
        m.put("latin-1", s -> (original(s) + "# café\n").getBytes(StandardCharsets.ISO_8859_1));
        m.put("broken utf-8", s -> concat(bytes(original(s)), new byte[] {'#', ' ', (byte) 0xC3, '(', (byte) 0xFF, '\n'}));
        m.put("nul bytes", s -> bytes(original(s).replace("\n", "\n\0")));
        m.put("a list", s -> bytes("- a\n- b\n"));
        m.put("a scalar", s -> bytes("just text\n"));
        m.put("tabs", s -> bytes(original(s).replace("  ", "\t")));
        m.put("unknown tags", s -> bytes("a: !!python/object:os.system x\nb: !custom {x: 1}\nc: !!binary AAAA\n"));
        m.put("anchors and merges", s -> bytes("x: &a {k: 1}\ny:\n  <<: [*a, *a]\n  z: *a\nservices: *a\njobs: *a\n"));
        m.put("many documents", s -> bytes(original(s) + "---\n" + original(s) + "---\n- x\n"));
        m.put("truncated", s -> Arrays.copyOf(bytes(original(s)), original(s).length() / 2));
        m.put("utf-16", s -> original(s).getBytes(StandardCharsets.UTF_16));
        m.put("crlf", s -> bytes(original(s).replace("\n", "\r\n")));
        m.put("bom", s -> bytes("\uFEFF" + original(s)));
        m.put("lone surrogate", s -> bytes(original(s) + "# \uD83D\n"));
        return m;
    }

    static String aliasBomb() {
        StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        return b + "services: *a11\njobs: *a11\n";
    }

    static String original(Slot slot) {
        return switch (slot) {
            case WORKFLOW -> WORKFLOW;
            case COMPOSE -> COMPOSE;
            case DOTENV -> DOTENV;
            case CONFIG -> CONFIG;
            case MANIFEST -> MANIFEST;
        };
    }

    static final String YAML_CHARS = "{}[]:&*!|>-'\"#%@`\n\t ,?<\\$";

    /** One to three of: truncate, flip bytes, insert random bytes, delete a range, duplicate a range, swap lines. */
    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b = Arrays.copyOf(b, at);
                case 1 -> {
                    for (int k = 0; k < 1 + random.nextInt(8); k++) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> {
                    byte[] ins = new byte[1 + random.nextInt(16)];
                    for (int k = 0; k < ins.length; k++) {
                        ins[k] = (byte) YAML_CHARS.charAt(random.nextInt(YAML_CHARS.length()));
                    }
                    b = concat(concat(Arrays.copyOf(b, at), ins), Arrays.copyOfRange(b, at, b.length));
                }
                case 3 -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1
                        + random.nextInt(64)), b.length));
                case 4 -> {
                    int end = Math.min(b.length, at + 1 + random.nextInt(200));
                    b = concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, b.length));
                }
                default -> {
                    List<String> lines = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\n", -1)));
                    java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
                    b = bytes(String.join("\n", lines));
                }
            }
        }
        return b;
    }

    static String padded(String yaml, int at, String ch) {
        // a comment line long enough to put ch at character offset `at`, then the original document
        StringBuilder b = new StringBuilder("# ");
        while (b.length() < at) {
            b.append(b.length() % 80 == 79 ? "\n# " : "x");
        }
        b.setLength(at);
        if (b.charAt(at - 1) == '\n') {
            b.append("# ");
        }
        return b.append(ch).append("\n").append(yaml.replace("ubuntu-latest", "ubuntu-latest # " + ch)).toString();
    }

    // ------------------------------------------------------------------ running

    /** The base repository: one workflow, one compose file, a dotenv template, zerofail.yaml and its manifest. */
    static Path base(String name) throws IOException {
        Path repo = tmp.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        for (Slot slot : Slot.values()) {
            Path f = repo.resolve(slot.path);
            Files.createDirectories(f.getParent());
            Files.writeString(f, original(slot));
        }
        return repo;
    }

    static List<String[]> commands(Path repo, List<Path> composeFiles) {
        String dir = repo.toString();
        List<Path> compose = composeFiles.isEmpty() ? List.of(repo.resolve(Slot.COMPOSE.path)) : composeFiles;
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {"audit", "-q", dir});
        c.add(new String[] {"scan", "-q", dir});
        c.add(new String[] {"workflows", "analyze", "-q", dir});
        c.add(new String[] {"workflows", "plan", dir});
        c.add(new String[] {"compose", "analyze", "-q", dir});
        for (Path f : compose) {
            c.add(new String[] {"compose", "config", f.toString()});
        }
        List<String> unify = new ArrayList<>(List.of("compose", "unify", "-q", "--dry-run"));
        compose.forEach(f -> unify.add(f.toString()));
        c.add(unify.toArray(String[]::new));
        c.add(new String[] {"secrets", "check", "-q", dir});
        c.add(new String[] {"secrets", "import", "-q", "--from-workflows", dir, "--from-dotenv",
                repo.resolve(Slot.DOTENV.path).toString()});
        return c;
    }

    /** The commands that read the file in {@code slot}, each once. */
    static List<String[]> commands(Path repo, Slot slot) {
        String dir = repo.toString();
        String compose = repo.resolve(Slot.COMPOSE.path).toString();
        String[] check = {"secrets", "check", "-q", "--fail-on", "critical", dir};
        String[] importer = {"secrets", "import", "-q", "--from-workflows", dir, "--from-dotenv",
                repo.resolve(Slot.DOTENV.path).toString()};
        return switch (slot) {
            case WORKFLOW -> List.of(new String[] {"workflows", "analyze", "-q", dir}, new String[] {"workflows", "plan", dir},
                    check, importer);
            case COMPOSE -> List.of(new String[] {"compose", "analyze", "-q", dir}, new String[] {"compose", "config", compose},
                    new String[] {"compose", "unify", "-q", "--dry-run", compose}, check);
            case DOTENV -> List.of(new String[] {"scan", "-q", dir}, check, importer);
            case CONFIG, MANIFEST -> List.of(new String[] {"audit", "-q", dir}, check);
        };
    }

    static void runAll(Path repo, List<String[]> commands) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.walk(repo)) {
            s.filter(p -> !p.equals(repo)).forEach(p -> names.add(p.getFileName().toString()));
        }
        for (String[] args : commands) {
            Cli r = run(args);
            String what = String.join(" ", args).replace(repo.toString(), "REPO");
            assertThat(r.exit()).as(what + " exit code; stderr: " + r.err()).isIn(0, 1, 2);
            if (r.exit() == 2) {
                assertThat(names).as(what + " exit 2 must name a file; stderr: " + r.err())
                        .anyMatch(n -> r.err().contains(n));
            }
        }
    }

    static Cli run(String... args) {
        return assertTimeoutPreemptively(PER_COMMAND, () -> Cli.run(args), () -> String.join(" ", args) + " hangs");
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.naturalOrder()).toList();
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String codePoints(String s) {
        return s.codePoints().mapToObj(c -> String.format("U+%04X", c)).reduce((x, y) -> x + "+" + y).orElse("");
    }
}
