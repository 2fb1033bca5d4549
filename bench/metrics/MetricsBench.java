import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import dev.zerofail.metrics.DeployMetrics;
import dev.zerofail.metrics.Exposition;
import dev.zerofail.metrics.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a /metrics scrape costs against the number of deployments in a SQLite store: the first
 * scrape (reads the whole table once), then steady scrapes (what changed since the last one), and a
 * scrape after 10 new deployments. Prints one Markdown table row per store size.
 */
public class MetricsBench {
    static final String[] ENVS = {"prod", "staging"};
    static final String[] SERVICES = {"api", "web", "worker", "cron", "auth"};
    static final String[] STATES = {"SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "ROLLED_BACK", "NOOP", "FAILED_PREFLIGHT"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int steady = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            run(dir, Integer.parseInt(args[i]), steady);
        }
    }

    static void run(Path dir, int n, int steady) throws Exception {
        Path db = dir.resolve("metrics-" + n + ".db");
        Files.deleteIfExists(db);
        String url = "jdbc:sqlite:" + db;
        List<Scope> scopes = new ArrayList<>();
        for (String e : ENVS) {
            for (String s : SERVICES) {
                scopes.add(new Scope(e, e, s));
            }
        }
        try (HistoryStore store = JdbcHistoryStore.open(url, null, null, Clock.systemUTC(), JdbcHistoryStore.DEFAULT_LEASE)) {
            seed(url, 0, n);
            DeployMetrics m = new DeployMetrics(store, scopes, "bench", Clock.systemUTC());
            long t0 = System.nanoTime();
            String text = Exposition.forAccept(null).toText(m.scrape(List.of(), null));
            double first = ms(t0);
            long rowsFirst = m.rowsRead();
            double[] times = new double[steady];
            for (int i = 0; i < steady; i++) {
                long t = System.nanoTime();
                Exposition.forAccept(null).toText(m.scrape(List.of(), null));
                times[i] = ms(t);
            }
            long rowsSteady = m.rowsRead() - rowsFirst;
            seed(url, n, 10);
            long t = System.nanoTime();
            Exposition.forAccept(null).toText(m.scrape(List.of(), null));
            double after10 = ms(t);
            Arrays.sort(times);
            System.out.printf("| %,d | %.0f | %.2f | %.2f | %d | %.2f | %,d |%n", n, first, times[steady / 2],
                    times[(int) Math.ceil(steady * 0.99) - 1], rowsSteady / steady, after10, text.length());
        }
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /** n finished deployments (4 events and 2 gates each), inserted in one transaction. */
    static void seed(String url, int from, int n) throws Exception {
        long base = System.currentTimeMillis() - Duration.ofDays(365).toMillis();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("INSERT INTO deployments (environment, service, kind, state, actor, "
                    + "started_at_ms, finished_at_ms) VALUES (?, ?, 'DEPLOY', ?, 'bench', ?, ?) RETURNING id");
                    PreparedStatement e = c.prepareStatement("INSERT INTO deploy_events (deployment_id, at_ms, phase, message) VALUES (?, ?, ?, '')");
                    PreparedStatement g = c.prepareStatement("INSERT INTO gate_results (deployment_id, at_ms, gate, passed) VALUES (?, ?, ?, ?)")) {
                for (int i = from; i < from + n; i++) {
                    long start = base + i * 60_000L;
                    String state = STATES[i % STATES.length];
                    d.setString(1, ENVS[i % 2]);
                    d.setString(2, SERVICES[i % SERVICES.length]);
                    d.setString(3, state);
                    d.setLong(4, start);
                    d.setLong(5, start + 30_000 + (i % 90) * 1000L);
                    long id;
                    try (ResultSet rs = d.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    String[] phases = state.equals("ROLLED_BACK") ? new String[] {"started", "updating", "rollback-started", "rolled-back"}
                            : new String[] {"started", "updating", "deploy-healthy", "succeeded"};
                    for (int k = 0; k < phases.length; k++) {
                        e.setLong(1, id);
                        e.setLong(2, start + k * 8_000L);
                        e.setString(3, phases[k]);
                        e.addBatch();
                    }
                    g.setLong(1, id);
                    g.setLong(2, start + 10_000);
                    g.setString(3, "container-health");
                    g.setInt(4, state.equals("ROLLED_BACK") ? 0 : 1);
                    g.addBatch();
                    g.setLong(1, id);
                    g.setLong(2, start + 11_000);
                    g.setString(3, "http");
                    g.setInt(4, 1);
                    g.addBatch();
                }
                e.executeBatch();
                g.executeBatch();
            }
            c.commit();
        }
    }
}
