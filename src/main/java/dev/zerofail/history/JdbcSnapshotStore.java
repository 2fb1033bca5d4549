package dev.zerofail.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@link SnapshotStore} on the history database's pool; plain SQL that runs unchanged on SQLite and PostgreSQL. */
public final class JdbcSnapshotStore implements SnapshotStore {
    private static final String COLUMNS = "recorded_at_ms, environment, tool_version, passed, placeholder_secrets, "
            + "hardcoded_secrets, active_workflows, compose_files, manual_steps, findings, unknown_secrets";

    private final DataSource ds;

    public JdbcSnapshotStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public long save(AuditSnapshot s) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long id = insert(c, s);
                c.commit();
                return id;
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

    private static long insert(Connection c, AuditSnapshot s) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_snapshots (" + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id")) {
            ps.setLong(1, s.recordedAt().toEpochMilli());
            ps.setString(2, s.environment());
            ps.setString(3, s.toolVersion());
            ps.setInt(4, s.passed() ? 1 : 0);
            ps.setInt(5, s.placeholderSecrets());
            ps.setInt(6, s.hardcodedSecrets());
            ps.setInt(7, s.activeWorkflows());
            ps.setInt(8, s.composeFiles());
            ps.setInt(9, s.manualSteps());
            ps.setInt(10, s.findings());
            ps.setInt(11, s.unknownSecrets());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_snapshot_checks (snapshot_id, check_id, passed, measured) VALUES (?,?,?,?)")) {
            for (AuditSnapshot.CheckVerdict v : s.checks()) {
                ps.setLong(1, id);
                ps.setString(2, v.id());
                ps.setInt(3, v.passed() ? 1 : 0);
                ps.setInt(4, v.measured() ? 1 : 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return id;
    }

    @Override
    public List<AuditSnapshot> between(String environment, Instant from, Instant to) {
        try (Connection c = ds.getConnection()) {
            Map<Long, AuditSnapshot> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, " + COLUMNS + " FROM audit_snapshots "
                    + "WHERE environment = ? AND recorded_at_ms >= ? AND recorded_at_ms < ? ORDER BY recorded_at_ms, id")) {
                ps.setString(1, environment);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        out.put(id, new AuditSnapshot(id, Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                                rs.getString(4), rs.getInt(5) != 0, rs.getInt(6), rs.getInt(7), rs.getInt(8),
                                rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), List.of()));
                    }
                }
            }
            if (out.isEmpty()) {
                return List.of();
            }
            Map<Long, List<AuditSnapshot.CheckVerdict>> checks = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT k.snapshot_id, k.check_id, k.passed, k.measured "
                    + "FROM audit_snapshot_checks k JOIN audit_snapshots s ON s.id = k.snapshot_id "
                    + "WHERE s.environment = ? AND s.recorded_at_ms >= ? AND s.recorded_at_ms < ? "
                    + "ORDER BY k.snapshot_id, k.check_id")) {
                ps.setString(1, environment);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        checks.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new AuditSnapshot.CheckVerdict(rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0));
                    }
                }
            }
            List<AuditSnapshot> list = new ArrayList<>();
            for (AuditSnapshot s : out.values()) {
                list.add(new AuditSnapshot(s.id(), s.recordedAt(), s.environment(), s.toolVersion(), s.passed(),
                        s.placeholderSecrets(), s.hardcodedSecrets(), s.activeWorkflows(), s.composeFiles(),
                        s.manualSteps(), s.findings(), s.unknownSecrets(), checks.getOrDefault(s.id(), List.of())));
            }
            return list;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Not the message: a driver may quote the statement's values. */
    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("audit snapshot query failed (SQLState " + e.getSQLState() + ")");
    }
}
