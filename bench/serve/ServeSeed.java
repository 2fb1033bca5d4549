import dev.zerofail.history.HistoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

/**
 * Fills a history store for bench/serve.sh: N finished deployments over the last year (2 environments
 * × 5 services, 4 events and 2 gate results each), with batched INSERTs in one transaction (ids given,
 * so nothing waits for a generated key).
 *   java -cp CP ServeSeed.java URL N             (SQLite)
 *   java -cp CP ServeSeed.java URL N SCHEMA      (PostgreSQL: creates SCHEMA first; user and password
 *                                                 from ZEROFAIL_IT_PG_USER / ZEROFAIL_IT_PG_PASSWORD)
 *   java -cp CP ServeSeed.java URL drop SCHEMA   (PostgreSQL: drops it)
 */
public class ServeSeed {
    static final String[] ENVS = {"prod", "staging"};
    static final String[] SERVICES = {"api", "web", "worker", "cron", "auth"};
    static final String[] STATES = {"SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "ROLLED_BACK", "NOOP", "FAILED_PREFLIGHT"};

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String user = System.getenv("ZEROFAIL_IT_PG_USER");
        String password = System.getenv("ZEROFAIL_IT_PG_PASSWORD");
        boolean pg = base.startsWith("jdbc:postgresql:");
        if (args[1].equals("drop")) {
            try (Connection c = DriverManager.getConnection(base, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + args[2] + " CASCADE");
            }
            return;
        }
        int n = Integer.parseInt(args[1]);
        String url = base;
        if (pg) {
            try (Connection c = DriverManager.getConnection(base, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + args[2] + " CASCADE");
                st.execute("CREATE SCHEMA " + args[2]);
            }
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + args[2];
        }
        // the schema as zerofail creates it (Flyway)
        try (HistoryStore store = HistoryStore.open(url, pg ? user : null, pg ? password : null)) {
            store.running();
        }
        long t0 = System.nanoTime();
        // PostgreSQL: the driver folds each batch into multi-row INSERTs
        try (Connection c = pg ? DriverManager.getConnection(url + "&reWriteBatchedInserts=true", user, password)
                : DriverManager.getConnection(url)) {
            seed(c, n);
            if (pg) {
                try (Statement st = c.createStatement()) {
                    // ids were given explicitly: move the identity past them, as if zerofail had inserted the rows
                    st.execute("SELECT setval(pg_get_serial_sequence('deployments', 'id'), (SELECT max(id) FROM deployments))");
                }
                c.commit();
            }
        }
        System.err.printf("seeded %,d deployments in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    static void seed(Connection c, int n) throws Exception {
        long base = System.currentTimeMillis() - Duration.ofDays(365).toMillis();
        long step = Duration.ofDays(364).toMillis() / Math.max(1, n);
        c.setAutoCommit(false);
        try (PreparedStatement d = c.prepareStatement("INSERT INTO deployments (id, environment, service, kind, state, actor, "
                + "from_image, to_image, started_at_ms, finished_at_ms) VALUES (?, ?, ?, 'DEPLOY', ?, 'bench', ?, ?, ?, ?)");
                PreparedStatement e = c.prepareStatement("INSERT INTO deploy_events (deployment_id, at_ms, phase, message) VALUES (?, ?, ?, '')");
                PreparedStatement g = c.prepareStatement("INSERT INTO gate_results (deployment_id, at_ms, gate, passed) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                long start = base + i * step;
                String state = STATES[i % STATES.length];
                String svc = SERVICES[i % SERVICES.length];
                long id = i + 1;
                d.setLong(1, id);
                d.setString(2, ENVS[i % 2]);
                d.setString(3, svc);
                d.setString(4, state);
                d.setString(5, "acme/" + svc + ":" + i);
                d.setString(6, "acme/" + svc + ":" + (i + 1));
                d.setLong(7, start);
                d.setLong(8, start + 30_000 + (i % 90) * 1000L);
                d.addBatch();
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
                if (i % 5000 == 4999) {
                    d.executeBatch();
                    e.executeBatch();
                    g.executeBatch();
                }
            }
            d.executeBatch();
            e.executeBatch();
            g.executeBatch();
        }
        c.commit();
    }
}
