package dev.zerofail.cli;

import dev.zerofail.core.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher's class-data-sharing training run: several commands in one JVM, on a repository it
 * is given (the bundled example), so the archive holds the classes of start-up, help, the reports
 * and the read-only commands, not of a scan alone. The pre-commit hook's path ({@code scan --staged},
 * {@code --since}) runs on a throwaway git repository with a staged change that has a finding, so
 * the classes of reading blobs and working out the added lines are archived too (a class loaded
 * from the jar costs a short run far more than one from the archive). Writes nothing that stays;
 * output goes nowhere.
 */
final class Training {
    private Training() {
    }

    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : ".";
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        List<String[]> runs = new ArrayList<>(List.of(new String[][] {
            {"--version"}, {"--help"}, {"help", "scan"}, {"secrets", "--help"}, {"nosuchcommand"},
            {"scan", dir, "-q", "-f", "json"}, {"scan", dir, "-q"}, {"scan", "--staged", dir, "-q"},
            {"scan", "--since", "HEAD", dir, "-q"},
            {"audit", dir, "-q", "-f", "markdown"},
            {"workflows", "analyze", dir, "-q"}, {"compose", "analyze", dir, "-q", "-f", "json"},
            // the same through picocli's model (QuickLine reads the lines above without it; an upper-case level it leaves)
            {"workflows", "analyze", dir, "-q", "--fail-on", "HIGH"}, {"history", dir, "-f", "JSON"},
            {"secrets", "check", dir, "-q"}, {"history", dir, "-f", "json"},
        }));
        Path repo = stagedRepository();
        if (repo != null) {
            String r = repo.toString();
            runs.add(new String[] {"scan", "--staged", "--quiet", "--no-color", r});
            runs.add(new String[] {"scan", "--since", "HEAD", "-q", r});
        }
        Path deployRepo = null;
        TrainingDocker docker = null;
        try {
            docker = new TrainingDocker();
            deployRepo = deployRepository(docker.host());
            String config = deployRepo.resolve("zerofail.yaml").toString();
            runs.add(new String[] {"status", "--env", "training", "--config", config});
            runs.add(new String[] {"status", "--env", "training", "--config", config, "-f", "json"});
            runs.add(new String[] {"history", "--env", "training", "--config", config});
            // deploy's path up to the update: config, compose to spec, history record, gates, lock, fingerprint
            runs.add(new String[] {"deploy", "--env", "training", "--config", config, "--image", "acme/web:2", "-q"});
        } catch (IOException | RuntimeException e) {
            // no loopback socket: the archive goes without the deploy commands' classes
        }
        for (String[] run : runs) {
            try {
                Main.run(none, none, run);
            } catch (RuntimeException e) {
                // a training run that fails still trained what it loaded
            }
        }
        if (docker != null) {
            docker.close();
        }
        healthCheck();
        Main.endHttpSelectors();
        AtomicFiles.deleteTreeQuietly(repo);
        AtomicFiles.deleteTreeQuietly(deployRepo);
        System.exit(0);
    }

    /**
     * One request of a deploy's HTTP health check (the JDK client, asynchronous, body as a string) to a loopback socket
     * that answers once: about 80 classes of the JDK's HTTP client that the first check of every deploy, rollback and
     * verify would otherwise load from the runtime image while a new task is being judged. True when it was answered.
     */
    static boolean healthCheck() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request's headers
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the client sees the failure; nothing else to train
                }
            }, "zerofail-training-http");
            answer.setDaemon(true);
            answer.start();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort()
                    + "/health")).timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .get(5, TimeUnit.SECONDS);
            return r.statusCode() == 200 && r.body().equals("ok");
        } catch (IOException | ExecutionException | TimeoutException e) {
            return false; // no loopback socket: the archive goes without the HTTP client's classes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A repository with one service deployed to {@link TrainingDocker}'s swarm, its history in SQLite. */
    static Path deployRepository(String dockerHost) throws IOException {
        Path dir = Files.createTempDirectory("zerofail-training-deploy");
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: acme/web:1\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("zerofail.yaml"), "environments:\n  training:\n    stack: " + TrainingDocker.STACK
                + "\n    compose: docker-compose.yml\n    docker-host: " + dockerHost
                + "\nhistory:\n  url: jdbc:sqlite:" + dir.resolve("history.db") + "\n", StandardCharsets.UTF_8);
        return dir;
    }

    /** A git repository with one commit and a staged change that adds a placeholder secret; null without git. */
    static Path stagedRepository() {
        Path repo = null;
        try {
            repo = Files.createTempDirectory("zerofail-training");
            git(repo, "init", "-q");
            Files.writeString(repo.resolve("app.py"), "def main():\n    return 1\n", StandardCharsets.UTF_8);
            git(repo, "add", "app.py");
            git(repo, "-c", "user.name=zerofail", "-c", "user.email=training@zerofail.invalid", "-c", "commit.gpgsign=false",
                    "commit", "-q", "--no-verify", "-m", "training");
            Files.writeString(repo.resolve("app.py"), "def main():\n    return 1\n\nSTRIPE_SECRET_KEY = \"REPLACE_ME\"\n",
                    StandardCharsets.UTF_8);
            Files.writeString(repo.resolve("settings.env"), "TIMEOUT=30\nAPI_TOKEN=changeme\n", StandardCharsets.UTF_8);
            git(repo, "add", "app.py", "settings.env");
            return repo;
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTreeQuietly(repo);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AtomicFiles.deleteTreeQuietly(repo);
            return null;
        }
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException("git " + args[0] + " failed");
        }
    }
}
