package dev.zerofail.cli;

import dev.zerofail.audit.Audit;
import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Cached;
import dev.zerofail.core.Result;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.StatusReader;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.scan.Scanner;
import dev.zerofail.server.DashboardRoutes;
import dev.zerofail.server.Insights;
import dev.zerofail.server.RouteGroup;
import dev.zerofail.server.ScorecardSource;
import dev.zerofail.server.ServeConfig;
import dev.zerofail.server.Server;
import dev.zerofail.server.StatusSnapshots;
import dev.zerofail.stats.StatsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", header = "Serve the HTTP API over the deploy history.",
        mixinStandardHelpOptions = true, sortOptions = false, subcommands = ServeHashTokenCommand.class,
        description = {"Runs the zerofail HTTP API (health, environments, status, deployments; see docs/serve.md) over "
                + "the history store of zerofail.yaml (history:) until SIGTERM or Ctrl-C, then stops gracefully. "
                + "Requests need a bearer token from serve.tokens (zerofail serve hash-token makes one).", "",
                "Runs until stopped: after the graceful stop the exit status is 143 for SIGTERM, 130 for Ctrl-C. "
                + "Exit 2 bad configuration or --bind; 3 the port is in use or the database is unavailable."})
public final class ServeCommand implements Callable<Integer> {
    /** A status older than this is read again (in the background; callers get the last one meanwhile). */
    static final java.time.Duration STATUS_EVERY = java.time.Duration.ofSeconds(1);
    /** After this long without a request, the next one waits for a fresh read rather than get an old one. */
    static final java.time.Duration STATUS_MAX_AGE = java.time.Duration.ofSeconds(10);

    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: DIR/zerofail.yaml when present)")
    Path config;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default: serve.bind, else 127.0.0.1)")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on (default: serve.port, else 8080; 0: any free port)")
    Integer port;

    @Option(names = "--insecure-docker", description = "allow plaintext tcp:// to a Docker daemon on another host for "
            + "/api/v1/status (default: refused)")
    boolean insecureDocker;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        ServeConfig serve = ServeConfig.from(cfg.section("serve"), root);
        DeployConfig deploy = DeployConfig.from(cfg, root);
        PrintWriter err = spec.commandLine().getErr();
        if (port != null && (port < 0 || port > 65535)) {
            throw dev.zerofail.core.ZerofailException.usage("--port", "expected 0 to 65535, got " + port, "pass a port such as 8080");
        }
        HistoryConfig history = HistoryConfig.from(cfg.section("history"));
        HistoryStore store = history.open(root, System.getenv());
        Path configFile = cfg.file().orElse(null);
        ServeDocker docker = new ServeDocker(insecureDocker);
        // one store and one Docker client for every status read, at most one read a second per environment
        StatusSnapshots status = new StatusSnapshots(new StatusReader(deploy.environments(), store, docker::target,
                ServeDocker::compose)::read, Clock.systemUTC(), STATUS_EVERY, STATUS_MAX_AGE);
        // one audit of this directory, run at most every 10 minutes, for /metrics, /api/v1/scorecard and the dashboard
        // the monitoring section must not request this process's own /metrics: that request would wait for this
        // very audit (Cached is synchronized) and time out; the endpoint answers as long as this process serves
        java.util.concurrent.atomic.AtomicInteger listening = new java.util.concurrent.atomic.AtomicInteger(-1);
        dev.zerofail.audit.MetricsProbe probe = (url, timeout) -> url.getPort() == listening.get()
                && (dev.zerofail.core.Loopback.is(url.getHost()) || url.getHost().equals(bind != null ? bind : serve.bind()))
                ? new dev.zerofail.audit.MetricsProbe.Answer(200, null) : dev.zerofail.audit.MetricsProbe.http().get(url, timeout);
        Cached<Result> audit = new Cached<>(() -> Audit.run(root, cfg, Scanner.Progress.NONE, null, java.time.Instant.now(),
                System.getenv(), probe).result(), Clock.systemUTC(), ServeMetrics.AUDIT_EVERY);
        Server.Deps deps = new Server.Deps(serve, store, deploy.environments(), status, Clock.systemUTC(),
                new ServeEngine(configFile, err, insecureDocker), new Insights(StatsConfig.from(cfg.section("stats")),
                history.describe(root), audit));
        ServeMetrics metrics = new ServeMetrics(audit, deps);
        ScorecardSource scorecard = () -> audit.get() instanceof AuditResult r ? r.scorecard() : null;
        List<RouteGroup> groups = new ArrayList<>(Server.defaultGroups(deps, metrics.routes));
        groups.add(new DashboardRoutes(deps, StatsConfig.from(cfg.section("stats")), scorecard));
        Server server = new Server(deps, groups);
        String address = bind != null ? bind : serve.bind();
        int actual;
        try {
            actual = server.start(address, port != null ? port : serve.port());
            listening.set(actual);
        } catch (RuntimeException e) {
            server.stop();
            metrics.close();
            status.close();
            docker.close();
            store.close();
            throw e;
        }
        if (serve.tokens().isEmpty()) {
            err.println("zerofail serve: no tokens in serve.tokens; every request that needs one gets 401 "
                    + "(zerofail serve hash-token --generate makes one)");
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        err.println("zerofail serve: listening on http://" + host + ":" + actual + " (Ctrl-C to stop)");
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Jetty finishes the requests in flight, then the pool closes
            server.stop();
            metrics.close();
            status.close();
            docker.close();
            store.close();
            stopped.countDown();
        }, "zerofail-serve-stop"));
        stopped.await();
        return 0;
    }
}
