package dev.zerofail.runs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** {@link RunStore} on the history database's pool; plain SQL that runs unchanged on SQLite and PostgreSQL. */
public final class JdbcRunStore implements RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_COLUMNS = "repo, run_id, attempt, run_number, workflow_id, workflow, event, branch, "
            + "head_sha, status, conclusion, created_at_ms, started_at_ms, updated_at_ms, url";
    private static final String JOB_COLUMNS = "repo, job_id, run_id, attempt, name, status, conclusion, started_at_ms, "
            + "completed_at_ms, labels, runner_name, steps, url";
    private static final int IN_CHUNK = 500;

    private final DataSource ds;

    public JdbcRunStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void save(List<CiRun> attempts, List<CiJob> jobs) {
        if (attempts.isEmpty() && jobs.isEmpty()) {
            return;
        }
        tx(JdbcRunStore::bulkPragmas, c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert("ci_runs", RUN_COLUMNS, "repo, run_id, attempt"))) {
                for (CiRun r : attempts) {
                    bind(ps, r.repo(), r.runId(), r.attempt(), big(r.runNumber()), big(r.workflowId()), r.workflow(),
                            r.event(), r.branch(), r.headSha(), r.status(), r.conclusion(), big(ms(r.createdAt())),
                            big(ms(r.startedAt())), big(ms(r.updatedAt())), r.url());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(upsert("ci_jobs", JOB_COLUMNS, "repo, job_id"))) {
                for (CiJob j : jobs) {
                    bind(ps, j.repo(), j.jobId(), j.runId(), j.attempt(), j.name(), j.status(), j.conclusion(),
                            big(ms(j.startedAt())), big(ms(j.completedAt())), String.join("\n", j.labels()), j.runnerName(),
                            stepsJson(j.steps()), j.url());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * SQLite, on the connection that saves a batch: a 32 MB page cache (the default 2 MB kept evicting the
     * job indexes' pages) and synchronous NORMAL, the setting SQLite documents for WAL: still consistent
     * after a crash, and a power cut can lose only the last batches, which an import fetches again.
     * Both last as long as the pooled connection; the deploy history's tables are not written in bulk.
     */
    private static Void bulkPragmas(Connection c) throws SQLException {
        if (c.getMetaData().getURL().startsWith("jdbc:sqlite:")) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA cache_size = -32768");
                st.execute("PRAGMA synchronous = NORMAL"); // SQLite refuses it inside a transaction
            }
        }
        return null;
    }

    /** INSERT … ON CONFLICT DO UPDATE: the one upsert both databases spell the same way. */
    private static String upsert(String table, String columns, String key) {
        List<String> cols = Arrays.stream(columns.split(",")).map(String::trim).toList();
        Set<String> keys = new HashSet<>(Arrays.stream(key.split(",")).map(String::trim).toList());
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (").append(columns)
                .append(") VALUES (").append("?,".repeat(cols.size() - 1)).append("?) ON CONFLICT (").append(key)
                .append(") DO UPDATE SET ");
        sql.append(String.join(", ", cols.stream().filter(c -> !keys.contains(c)).map(c -> c + " = excluded." + c)
                .toList()));
        return sql.toString();
    }

    @Override
    public Set<String> current(String repo, Collection<CiRun> attempts) {
        Map<Long, List<CiRun>> byId = new LinkedHashMap<>();
        attempts.forEach(a -> byId.computeIfAbsent(a.runId(), k -> new ArrayList<>()).add(a));
        Set<String> found = new HashSet<>();
        List<Long> ids = new ArrayList<>(byId.keySet());
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + IN_CHUNK));
            List<Object> args = new ArrayList<>();
            args.add(repo);
            args.addAll(chunk);
            query("SELECT run_id, attempt, status, updated_at_ms FROM ci_runs WHERE repo = ? AND run_id IN ("
                    + "?,".repeat(chunk.size() - 1) + "?)", rs -> {
                        long id = rs.getLong(1);
                        int attempt = rs.getInt(2);
                        String status = rs.getString(3);
                        Long updated = nullableLong(rs, 4);
                        for (CiRun a : byId.getOrDefault(id, List.of())) {
                            if (a.attempt() == attempt && java.util.Objects.equals(a.status(), status)
                                    && java.util.Objects.equals(ms(a.updatedAt()), updated)) {
                                found.add(RunStore.key(id, attempt));
                            }
                        }
                        return null;
                    }, args.toArray());
        }
        return found;
    }

    @Override
    public void saveLog(String repo, long jobId, int lines, String excerpt) {
        update(upsert("ci_job_logs", "repo, job_id, lines, excerpt", "repo, job_id"), repo, jobId, lines, excerpt);
    }

    @Override
    public Optional<String> etag(String repo, String request) {
        List<String> found = query("SELECT etag FROM ci_etags WHERE repo = ? AND request = ?", rs -> rs.getString(1),
                repo, request);
        return found.stream().findFirst();
    }

    @Override
    public void saveEtag(String repo, String request, String etag) {
        update(upsert("ci_etags", "repo, request, etag", "repo, request"), repo, request, etag);
    }

    @Override
    public List<CiRun> runs(String repo, Instant since) {
        Filter f = filter("r", repo, since);
        Interner in = new Interner();
        return query("SELECT " + RUN_COLUMNS + " FROM ci_runs r" + f.where + " ORDER BY created_at_ms, run_id, attempt",
                rs -> new CiRun(in.of(rs.getString(1)), rs.getLong(2), rs.getInt(3), nullableLong(rs, 4),
                        nullableLong(rs, 5), in.of(rs.getString(6)), in.of(rs.getString(7)), in.of(rs.getString(8)),
                        rs.getString(9), in.of(rs.getString(10)), in.of(rs.getString(11)), instant(rs, 12),
                        instant(rs, 13), instant(rs, 14), rs.getString(15)),
                f.args);
    }

    @Override
    public List<CiJob> jobs(String repo, Instant since) {
        Filter f = filter("r", repo, since);
        String cols = Arrays.stream(JOB_COLUMNS.split(",")).map(c -> "j." + c.trim()).reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        // the steps column is read only for failed jobs (cause rules); most jobs pass. Sorted here, not by
        // ORDER BY: SQLite sorted every whole row (steps included, 300 MB for 100,000 runs) in a temporary B-tree
        Interner in = new Interner();
        Map<String, List<String>> labelLists = new HashMap<>();
        List<CiJob> out = query("SELECT " + cols + " FROM ci_jobs j JOIN ci_runs r ON r.repo = j.repo AND r.run_id = j.run_id "
                + "AND r.attempt = j.attempt" + f.where,
                rs -> {
                    String labels = rs.getString(10);
                    String conclusion = in.of(rs.getString(7));
                    boolean failed = conclusion != null && !conclusion.equals("success") && !conclusion.equals("skipped");
                    return new CiJob(in.of(rs.getString(1)), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                            in.of(rs.getString(5)), in.of(rs.getString(6)), conclusion, instant(rs, 8), instant(rs, 9),
                            labels == null || labels.isEmpty() ? List.of()
                                    : labelLists.computeIfAbsent(labels, l -> List.of(l.split("\n"))),
                            in.of(rs.getString(11)), failed ? steps(rs.getString(12), in) : List.of(), rs.getString(13));
                }, f.args);
        out.sort(JOB_ORDER);
        return out;
    }

    private static final java.util.Comparator<CiJob> JOB_ORDER = java.util.Comparator.comparingLong(CiJob::runId)
            .thenComparingInt(CiJob::attempt).thenComparingLong(CiJob::jobId).thenComparing(CiJob::repo);

    @Override
    public Map<Long, List<String>> logs(String repo, Collection<Long> jobIds) {
        Map<Long, List<String>> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(jobIds);
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + IN_CHUNK));
            List<Object> args = new ArrayList<>();
            args.add(repo);
            args.addAll(chunk);
            query("SELECT job_id, excerpt FROM ci_job_logs WHERE repo = ? AND job_id IN (" + "?,".repeat(chunk.size() - 1)
                    + "?)", rs -> out.put(rs.getLong(1), LogExcerpts.decode(rs.getString(2))), args.toArray());
        }
        return out;
    }

    @Override
    public DeployCommits deployCommits(Instant since) {
        try (Connection c = ds.getConnection()) {
            if (!hasColumn(c, "deployments", "commit_sha")) {
                return new DeployCommits(List.of(), "deploy records carry no commit (the history database has no "
                        + "deployments.commit_sha column yet)");
            }
            List<DeployCommit> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT environment, service, commit_sha, finished_at_ms "
                    + "FROM deployments WHERE state = 'SUCCEEDED' AND kind <> 'ROLLBACK' AND commit_sha IS NOT NULL "
                    + "AND finished_at_ms IS NOT NULL AND finished_at_ms >= ? ORDER BY finished_at_ms")) {
                ps.setLong(1, since == null ? 0 : since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DeployCommit(rs.getString(1), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            return new DeployCommits(out, out.isEmpty() ? "no successful deploy records a commit" : null);
        } catch (SQLException e) {
            throw new IllegalStateException("reading deploy commits failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        for (String t : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getColumns(null, null, t, null)) {
                while (rs.next()) {
                    if (column.equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private record Filter(String where, Object[] args) {
    }

    private static Filter filter(String alias, String repo, Instant since) {
        StringBuilder w = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (repo != null) {
            w.append(" AND ").append(alias).append(".repo = ?");
            args.add(repo);
        }
        if (since != null) {
            w.append(" AND ").append(alias).append(".created_at_ms >= ?");
            args.add(since.toEpochMilli());
        }
        return new Filter(w.toString(), args.toArray());
    }

    /**
     * A job's steps as the column holds them: a JSON array with one array per step,
     * {@code [name, status, conclusion, number, startedAtMs, completedAtMs]}. Half the bytes of an object
     * per step (the key names were most of a job's row), so half the writing on import and the reading on
     * report. {@link #steps} still reads the objects ({name, status, …}) that earlier versions wrote.
     * Written by hand: a Map per step through Jackson was a sixth of an import.
     */
    static String stepsJson(List<CiStep> steps) {
        StringBuilder sb = new StringBuilder(steps.size() * 72).append('[');
        for (CiStep s : steps) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('[');
            str(sb, s.name());
            sb.append(',');
            str(sb, s.status());
            sb.append(',');
            str(sb, s.conclusion());
            sb.append(',').append(s.number()).append(',').append(ms(s.startedAt())).append(',')
                    .append(ms(s.completedAt())).append(']');
        }
        return sb.append(']').toString();
    }

    /** Step names and GitHub's words rarely need escaping: only those that do go through Jackson's encoder. */
    private static void str(StringBuilder sb, String v) {
        if (v == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0, n = v.length(); i < n; i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                sb.append(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(v));
                sb.append('"');
                return;
            }
        }
        sb.append(v).append('"');
    }

    /** Read with the streaming parser: a tree per job was a fifth of a report. */
    static List<CiStep> steps(String json) {
        return steps(json, new Interner());
    }

    /**
     * One copy of each repeated string (step names, statuses, labels) of a query's rows: a report holds
     * every job of the history, and 100,000 runs' copies were most of its heap and of its collections' work.
     */
    static final class Interner {
        private final Map<String, String> seen = new HashMap<>();

        String of(String s) {
            if (s == null) {
                return null;
            }
            String known = seen.putIfAbsent(s, s);
            return known != null ? known : s;
        }
    }

    static List<CiStep> steps(String json, Interner in) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return List.of();
            }
            List<CiStep> out = new ArrayList<>(8);
            for (JsonToken t = p.nextToken(); t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT; t = p.nextToken()) {
                CiStep step = t == JsonToken.START_ARRAY ? stepOfArray(p) : stepOfObject(p);
                out.add(new CiStep(in.of(step.name()), in.of(step.status()), in.of(step.conclusion()), step.number(),
                        step.startedAt(), step.completedAt()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CiStep stepOfArray(JsonParser p) throws IOException {
        String[] text = new String[3];
        int number = 0;
        Instant[] times = new Instant[2];
        int i = 0;
        for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
            if (i < 3) {
                text[i] = text(p, t);
            } else if (i == 3) {
                number = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
            } else if (i < 6) {
                times[i - 4] = millis(p, t);
            } else {
                p.skipChildren(); // a field a later version may add
            }
        }
        return new CiStep(text[0], text[1], text[2], number, times[0], times[1]);
    }

    private static CiStep stepOfObject(JsonParser p) throws IOException {
        String name = null;
        String status = null;
        String conclusion = null;
        int number = 0;
        Instant started = null;
        Instant completed = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken v = p.nextToken();
            switch (field) {
                case "name" -> name = text(p, v);
                case "status" -> status = text(p, v);
                case "conclusion" -> conclusion = text(p, v);
                case "number" -> number = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "startedAt" -> started = millis(p, v);
                case "completedAt" -> completed = millis(p, v);
                default -> p.skipChildren();
            }
        }
        return new CiStep(name, status, conclusion, number, started, completed);
    }

    private static Instant millis(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_NUMBER_INT ? Instant.ofEpochMilli(p.getLongValue()) : null;
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static Long ms(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        Long v = nullableLong(rs, i);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    /** A null typed like its column: PostgreSQL refuses a VARCHAR null in a BIGINT column. */
    private record Null(int type) {
    }

    private static Object big(Long v) {
        return v == null ? new Null(Types.BIGINT) : v;
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Null n) {
                ps.setNull(i + 1, n.type());
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, v.toString());
            }
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.setFetchSize(1000);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private void update(String sql, Object... args) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    private <T> T tx(Work<T> work) {
        return tx(null, work);
    }

    /** {@code before}: on the same connection, outside the transaction. */
    private <T> T tx(Work<Void> before, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            if (before != null) {
                before.run(c);
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Not the message: a driver may quote the values of the statement, and a log line can hold anything. */
    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("CI history query failed (SQLState " + e.getSQLState() + ")");
    }
}
