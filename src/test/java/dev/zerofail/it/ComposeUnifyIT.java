package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.Ports;
import dev.zerofail.TestFiles;
import dev.zerofail.it.ComposeFixtures.BadCase;
import dev.zerofail.it.ComposeFixtures.Group;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every compose fixture group, unified by {@code zerofail compose unify}, is accepted by the real
 * tools: Debian's docker-compose 1.29 ({@code config}) and, for the swarm-ready group,
 * {@code docker stack deploy} on the test Swarm, where its httpd must answer. Bad inputs exit 2,
 * name file, line and key, and write nothing.
 */
class ComposeUnifyIT {
    private static final String STACK = "zf-compose-it";
    private static final String OUTPUT = "docker-compose.zerofail-unified.yml";

    @TempDir
    Path tmp;

    static List<Group> groups() {
        return ComposeFixtures.groups();
    }

    static List<Group> compose129Groups() {
        return groups().stream().filter(Group::compose129).toList();
    }

    static List<BadCase> badCases() {
        return ComposeFixtures.badCases();
    }

    record Run(int exit, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    /** The fixtures themselves are real compose: docker-compose 1.29 merges each group, and agrees with its README. */
    @ParameterizedTest
    @MethodSource("compose129Groups")
    void inputsAreValidForDockerCompose(Group g) throws Exception {
        String compose = Services.require("ZEROFAIL_IT_DOCKER_COMPOSE", "docker-compose 1.29 (Debian package)");
        Path dir = copy(g);
        Run r = dockerComposeConfig(compose, dir, g.files(), Map.of());
        assertThat(r.exit()).as("docker-compose config of %s: %s", g.files(), r.err()).isZero();
        if (g.prefer().isEmpty()) {
            // later file wins, as docker-compose merges: the expectations must hold for its merge too
            assertThat(g.mismatches(yaml(r.out()))).as("group.properties of %s vs docker-compose's merge", g).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void unifiedFileIsAcceptedByDockerComposeAndKeepsTheWinners(Group g) throws Exception {
        String compose = Services.require("ZEROFAIL_IT_DOCKER_COMPOSE", "docker-compose 1.29 (Debian package)");
        Path dir = copy(g);
        Path out = unify(g, dir);

        String text = Files.readString(out);
        String header = text.lines().takeWhile(l -> l.isBlank() || l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        for (String f : g.files()) {
            assertThat(header).as("comments on top name every input").contains(Path.of(f).getFileName().toString());
        }
        for (String value : g.forbidden()) {
            assertThat(text).as("%s keeps values from .env out of the unified file", g).doesNotContain(value);
        }

        Run r = dockerComposeConfig(compose, dir, List.of(dir.relativize(out).toString()), introducedRequired(text, dir));
        assertThat(r.exit()).as("docker-compose config of the unified file: %s%n%s", r.err(), text).isZero();
        assertThat(g.mismatches(yaml(r.out()))).as("unified %s, read back by docker-compose:%n%s", g, text).isEmpty();
    }

    @Test
    void swarmReadyUnifiedFileDeploysOnTheTestSwarm() throws Exception {
        String dockerHost = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker Engine in swarm mode");
        Group g = ComposeFixtures.groups().stream().filter(Group::swarm).findFirst().orElseThrow();
        Path dir = copy(g);
        Path out = unify(g, dir);
        int port = freePort();
        Map<String, String> env = new HashMap<>(introducedRequired(Files.readString(out), dir));
        env.putAll(Map.of("DOCKER_HOST", dockerHost, "PORT", String.valueOf(port)));

        removeStack(env);
        try {
            Run deploy = exec(dir, env, 120, docker(), "stack", "deploy", "--resolve-image", "never", "-c", out.toString(), STACK);
            assertThat(deploy.exit()).as("docker stack deploy: %s%n%s", deploy.all(), Files.readString(out)).isZero();
            String state = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && !state.contains(STACK + "_web.1 Running")) {
                Thread.sleep(500);
                state = exec(dir, env, 30, docker(), "stack", "ps", STACK, "--filter", "desired-state=running",
                        "--format", "{{.Name}} {{.CurrentState}} {{.Error}}").out();
            }
            assertThat(state).as("a running task of %s_web", STACK).contains(STACK + "_web.1 Running");
            assertThat(httpGet(port, Duration.ofSeconds(30))).isEqualTo("zerofail-test 1");
        } finally {
            removeStack(env);
        }
    }

    @ParameterizedTest
    @MethodSource("badCases")
    void badInputExitsTwoNamingFileLineAndKeyAndWritesNothing(BadCase c) throws Exception {
        Path dir = tmp.resolve(c.name());
        TestFiles.copyTree(c.dir(), dir);
        Path out = dir.resolve(OUTPUT);
        Run r = cli("compose", "unify", dir.resolve(c.file()).toString(), "-o", out.toString());
        if (c.unifyAccepts()) {
            // nothing unify needs is missing: the requirement is kept for deploy time and reported
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.all()).contains(c.mentions().get(0));
            assertThat(Files.readString(out)).contains("${" + c.mentions().get(0) + ":?");
            return;
        }
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(out).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("no temp file left behind").containsExactly("docker-compose.yml", "expected.txt");
        }
        assertNamesFileLineAndKey(c, r.all());
    }

    /** {@code compose config} reads through the same loader and must refuse the same way. */
    @ParameterizedTest
    @MethodSource("badCases")
    void badInputMakesConfigExitTwoNamingFileLineAndKey(BadCase c) throws Exception {
        Run r = cli("compose", "config", c.dir().resolve(c.file()).toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).as("nothing on stdout").isBlank();
        assertNamesFileLineAndKey(c, r.all());
    }

    private static void assertNamesFileLineAndKey(BadCase c, String msg) {
        assertThat(c.lines()).as("one of the lines in expected.txt, as %s:LINE, in: %s", c.file(), msg)
                .anyMatch(line -> Pattern.compile(Pattern.quote(c.file()) + ":" + line + "\\b").matcher(msg).find());
        assertThat(c.keys()).as("one of the keys in expected.txt in: %s", msg).anyMatch(msg::contains);
        for (String m : c.mentions()) {
            assertThat(msg).contains(m);
        }
    }

    /** The bad fixtures are bad for the reference tool too, so they test input handling and not a zerofail quirk. */
    @ParameterizedTest
    @MethodSource("badCases")
    void badInputIsRejectedByDockerComposeToo(BadCase c) throws Exception {
        String compose = Services.require("ZEROFAIL_IT_DOCKER_COMPOSE", "docker-compose 1.29 (Debian package)");
        assertThat(dockerComposeConfig(compose, c.dir(), List.of(c.file()), Map.of()).exit()).isNotZero();
    }

    // ------------------------------------------------------------------ helpers

    private Path copy(Group g) throws Exception {
        Path dir = tmp.resolve(g.name());
        TestFiles.copyTree(g.dir(), dir);
        return dir;
    }

    /** Runs {@code zerofail compose unify FILES... -o OUTPUT [--prefer FILE]} in-process; the output must exist. */
    private Path unify(Group g, Path dir) throws Exception {
        Path out = dir.resolve(OUTPUT);
        List<String> args = new ArrayList<>(List.of("compose", "unify"));
        g.files().forEach(f -> args.add(dir.resolve(f).toString()));
        args.addAll(List.of("-o", out.toString()));
        if (!g.prefer().isEmpty()) {
            args.addAll(List.of("--prefer", dir.resolve(g.prefer()).toString()));
        }
        Run r = cli(args.toArray(String[]::new));
        assertThat(r.exit()).as("zerofail %s%n%s", String.join(" ", args), r.all()).isZero();
        assertThat(out).exists();
        for (String secret : g.neverPrinted()) {
            assertThat(r.all()).as("a hard-coded credential of %s printed by unify", g).doesNotContain(secret);
        }
        return out;
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = dev.zerofail.cli.Main.run(o, e, args);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code docker-compose -f F... config} in DIR (so its .env is read) with an environment of
     * nothing but what Python needs: a variable of the developer's shell (PORT, TAG...) must not
     * change what a fixture means.
     */
    private static Run dockerComposeConfig(String compose, Path dir, List<String> files, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(compose));
        files.forEach(f -> cmd.addAll(List.of("-f", f)));
        cmd.add("config");
        return exec(dir, env, 120, cmd.toArray(String[]::new));
    }

    /**
     * The variables the unified file requires ({@code ${NAME:?...}}) that no input required: the
     * parameters unify made of hard-coded credentials. A user sets them before deploying, so the
     * test does too, with stand-in values; the inputs' own required variables still come from .env.
     */
    private static Map<String, String> introducedRequired(String unified, Path dir) throws Exception {
        StringBuilder inputs = new StringBuilder();
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().contains("compose") && !p.getFileName().toString().equals(OUTPUT)
                    && p.toString().matches(".*\\.ya?ml")).toList()) {
                inputs.append(Files.readString(p));
            }
        }
        Map<String, String> env = new HashMap<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):\\?").matcher(unified);
        while (m.find()) {
            if (!inputs.toString().contains("${" + m.group(1) + ":?")) {
                env.put(m.group(1), "zf-it-stand-in-" + m.group(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return env;
    }

    private static Run exec(Path dir, Map<String, String> env, int timeoutSeconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().putAll(env);
        File err = Files.createTempFile("zf-compose-it", ".err").toFile();
        pb.redirectError(err);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        String e = Files.readString(err.toPath());
        Files.delete(err.toPath());
        return new Run(p.exitValue(), out, e);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(text);
        return doc instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The client that comes with Debian's daemon if there, as scripts/services chooses it. */
    private static String docker() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    /** Removes the stack and waits until its containers are gone, so the port is free again. */
    private void removeStack(Map<String, String> env) throws Exception {
        exec(tmp, env, 60, docker(), "stack", "rm", STACK);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String left = exec(tmp, env, 30, docker(), "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + STACK).out();
            if (left.isBlank()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("containers of stack " + STACK + " still there 60 s after docker stack rm");
    }

    /** A port for the task's httpd: the test cannot hold it, so one the kernel never hands out by itself. */
    private static int freePort() throws Exception {
        return Ports.forAnotherProcess();
    }

    private static String httpGet(int port, Duration within) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + within.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body().strip();
                }
            } catch (java.io.IOException e) {
                last = e;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("nothing answered on 127.0.0.1:" + port + " within " + within, last);
    }
}
