package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archives as a user gets them (docs/install.md): each unpacked into an empty folder and
 * run with no java on PATH (the plain archives get the test's JDK through JAVA_HOME only), and
 * scripts/install run twice into a fresh prefix. The archives are built once per run: by
 * `mvn -Prelease package` when it ran, else here by scripts/release from the shaded jar.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ReleaseArchiveIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path OUT = ROOT.resolve("target/release");
    static String version;
    @TempDir
    static Path tmp;
    /** A PATH with only the tools the launcher and the test need, and no java. */
    static Path tools;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a class's @Timeout covers its tests, not this
    static void buildOnce() throws Exception {
        Path jar = Path.of(System.getProperty("zerofail.jar", "target/zerofail.jar"));
        assertThat(jar).as("the shaded jar (mvn package)").exists();
        Run v = run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "--version"),
                ROOT, Map.of("PATH", System.getenv("PATH")));
        version = v.out().lines().findFirst().orElseThrow().replace("zerofail ", "").strip();
        Path linux = OUT.resolve("zerofail-" + version + "-linux-x64.tar.gz");
        boolean fresh = Files.exists(linux) && Files.getLastModifiedTime(linux).compareTo(Files.getLastModifiedTime(jar)) > 0;
        if (!fresh) {
            Run r = run(List.of("scripts/release", "--jar", jar.toString(), "--jdk", System.getProperty("java.home")), ROOT,
                    Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home")));
            assertThat(r.exit()).as("scripts/release: %s", r.err()).isZero();
        }
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String t : List.of("sh", "bash", "dirname", "readlink", "cat", "mv", "rm", "tar", "gzip", "unzip", "sha256sum", "mkdir",
                "mktemp", "ln", "cp", "diff", "tr", "sed", "ls", "grep", "head", "find", "touch", "uname", "basename")) {
            Path real = Path.of("/usr/bin", t);
            if (!Files.exists(real)) real = Path.of("/bin", t);
            if (Files.exists(real)) Files.createSymbolicLink(tools.resolve(t), real);
        }
        assertThat(tools.resolve("java")).doesNotExist();
    }

    static Run run(List<String> cmd, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path err = Files.createTempFile("zerofail-err", ".txt");
        Process p = pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).as("%s finished", cmd).isTrue();
        String e = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, e);
    }

    /** The user's environment without any Java: only our tools on PATH, no JAVA_HOME. */
    static Map<String, String> noJava(Path home) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", tools.toString());
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    static Path archive(String suffix) {
        Path a = OUT.resolve("zerofail-" + version + suffix);
        assertThat(a).exists();
        assertThat(OUT.resolve(a.getFileName() + ".sha256")).exists();
        return a;
    }

    static Path unpack(Path archive, String into) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(into));
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.count()).as("an empty folder").isZero();
        }
        Map<String, String> env = noJava(tmp);
        Run check = run(List.of("sha256sum", "-c", archive.getFileName() + ".sha256"), OUT, env);
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        Run r = archive.toString().endsWith(".zip")
                ? run(List.of("unzip", "-q", archive.toString(), "-d", dir.toString()), dir, env)
                : run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()), dir, env);
        assertThat(r.exit()).as(r.err()).isZero();
        Path top = dir.resolve(archive.getFileName().toString().replaceAll("\\.(tar\\.gz|zip)$", ""));
        assertThat(top.resolve("bin/zerofail")).isExecutable();
        for (String f : List.of("bin/zerofail.cmd", "lib/zerofail.jar", "completion/zerofail.bash", "completion/zerofail.fish",
                "man/man1/zerofail.1", "man/man1/zerofail-secrets-sync.1", "THIRD-PARTY.txt", "VERSION", "install")) {
            assertThat(top.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readString(top.resolve("THIRD-PARTY.txt"))).contains("info.picocli:picocli:").contains("Apache");
        assertThat(Files.readString(top.resolve("man/man1/zerofail-scan.1"))).startsWith(".\\\"").contains(".SH OPTIONS")
                .contains("\\-\\-fail\\-on");
        return top;
    }

    static Path example(String name) throws IOException {
        Path copy = tmp.resolve("example-" + name);
        try (Stream<Path> s = Files.walk(ROOT.resolve("examples/acme-platform"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = copy.resolve(ROOT.resolve("examples/acme-platform").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return copy;
    }

    static void runsVersionAndAudit(Path top, Map<String, String> env, String name) throws Exception {
        Run v = run(List.of(top.resolve("bin/zerofail").toString(), "--version"), tmp, env);
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out()).startsWith("zerofail " + version);
        Run a = run(List.of(top.resolve("bin/zerofail").toString(), "audit", example(name).toString()), tmp, env);
        assertThat(a.exit()).as(a.err()).isIn(0, 1);
        assertThat(a.out()).contains("zerofail audit scorecard").contains("Secrets in the repository");
        assertThat(a.err()).doesNotContain("Exception").doesNotContain("Error occurred");
    }

    @Test
    void plainArchivesRunWithTheJavaOfJavaHome() throws Exception {
        for (String suffix : List.of(".tar.gz", ".zip")) {
            Path top = unpack(archive(suffix), "plain" + suffix);
            assertThat(top.resolve("runtime")).doesNotExist();
            Map<String, String> env = noJava(tmp);
            Run none = run(List.of(top.resolve("bin/zerofail").toString(), "--version"), tmp, env);
            assertThat(none.exit()).as("no java at all").isEqualTo(2);
            assertThat(none.err()).contains("no Java found").contains("JAVA_HOME");
            env.put("JAVA_HOME", System.getProperty("java.home"));
            runsVersionAndAudit(top, env, "plain" + suffix);
            if (suffix.equals(".tar.gz")) {
                // ZEROFAIL_JAVA wins over JAVA_HOME (and over a bundled runtime), as in the repository's ./zerofail
                Path fake = tmp.resolve("fake-java");
                Files.writeString(fake, "#!/bin/sh\necho \"fake java $*\"\n");
                fake.toFile().setExecutable(true);
                env.put("ZEROFAIL_JAVA", fake.toString());
                Run chosen = run(List.of(top.resolve("bin/zerofail").toString(), "--version"), tmp, env);
                assertThat(chosen.exit()).as(chosen.err()).isZero();
                assertThat(chosen.out()).startsWith("fake java ").contains("-jar ").endsWith("--version\n");
                env.put("ZEROFAIL_JAVA", tmp.resolve("no-such-java").toString());
                Run missing = run(List.of(top.resolve("bin/zerofail").toString(), "--version"), tmp, env);
                assertThat(missing.exit()).isEqualTo(2);
                assertThat(missing.err()).contains("ZEROFAIL_JAVA");
                env.remove("ZEROFAIL_JAVA");
            }
        }
    }

    @Test
    void linuxArchiveNeedsNoJavaAndMakesItsClassDataArchive() throws Exception {
        Path top = unpack(archive("-linux-x64.tar.gz"), "linux");
        assertThat(top.resolve("runtime/bin/java")).isExecutable();
        assertThat(top.resolve("runtime/lib/server/classes.jsa")).as("jlink's CDS archive of the JDK classes").isNotEmptyFile();
        Map<String, String> env = noJava(tmp);
        runsVersionAndAudit(top, env, "linux");
        // the first run made the archive of zerofail's classes for this folder; the next runs map it
        assertThat(top.resolve("lib/zerofail.jsa")).isNotEmptyFile();
        env.put("ZEROFAIL_JAVA_OPTS", "-Xlog:class+load=info:stdout");
        Run v = run(List.of(top.resolve("bin/zerofail").toString(), "--version"), tmp, env);
        assertThat(v.exit()).isZero();
        assertThat(v.out()).contains("source: shared objects file (top)");
        // jdeps found the modules; the runtime holds no more than it needs (no compiler tools, no jshell)
        assertThat(Files.readString(top.resolve("runtime/release"))).contains("java.base").doesNotContain("jdk.compiler")
                .doesNotContain("jdk.jshell");
    }

    @Test
    void installIsIdempotentAndVerifiesTheChecksum() throws Exception {
        Path prefix = tmp.resolve("prefix with space");
        Path archive = archive("-linux-x64.tar.gz");
        Map<String, String> env = noJava(tmp);
        Run first = run(List.of("scripts/install", archive.toString(), "--prefix", prefix.toString()), ROOT, env);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("checksum ok").contains("installed");
        Path bin = prefix.resolve("bin/zerofail");
        assertThat(Files.isSymbolicLink(bin)).isTrue();
        assertThat(prefix.resolve("share/man/man1/zerofail-audit.1")).isNotEmptyFile();
        assertThat(prefix.resolve("share/bash-completion/completions/zerofail")).isNotEmptyFile();
        assertThat(prefix.resolve("share/fish/vendor_completions.d/zerofail.fish")).isNotEmptyFile();
        assertThat(prefix.resolve("lib/zerofail-" + version + "/lib/zerofail.jsa")).isNotEmptyFile();
        Run v = run(List.of(bin.toString(), "--version"), tmp, env);
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out()).startsWith("zerofail " + version);

        Map<String, FileTime> before = snapshot(prefix);
        Run second = run(List.of("scripts/install", archive.toString(), "--prefix", prefix.toString()), ROOT, env);
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("nothing changed");
        assertThat(snapshot(prefix)).isEqualTo(before);

        // a damaged download: refused, nothing touched
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Path copy = bad.resolve(archive.getFileName());
        Files.copy(OUT.resolve("zerofail-" + version + ".tar.gz"), copy);
        Files.copy(OUT.resolve(archive.getFileName() + ".sha256"), bad.resolve(archive.getFileName() + ".sha256"));
        Run refused = run(List.of("scripts/install", copy.toString(), "--prefix", prefix.toString()), ROOT, env);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("checksum mismatch").contains("nothing installed");
        assertThat(snapshot(prefix)).isEqualTo(before);
    }

    static Map<String, FileTime> snapshot(Path dir) throws IOException {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(dir.relativize(p) + (Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : ""),
                        Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            }
        }
        return m;
    }
}
