package dev.zerofail.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Binding and reading columns the same way on both databases. PostgreSQL wants a null typed like
 * its column, so nullable values go through {@link #bigint}, {@link #integer}, {@link #millis}.
 */
final class Sql {
    private Sql() {
    }

    /** A null of a given SQL type. */
    record Null(int type) {
    }

    static Object bigint(Long v) {
        return v == null ? new Null(Types.BIGINT) : v;
    }

    static Object integer(Integer v) {
        return v == null ? new Null(Types.INTEGER) : v;
    }

    static Object millis(Instant v) {
        return v == null ? new Null(Types.BIGINT) : v;
    }

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            int at = i + 1;
            if (v == null) {
                ps.setNull(at, Types.VARCHAR);
            } else if (v instanceof Null n) {
                ps.setNull(at, n.type());
            } else if (v instanceof String s) {
                ps.setString(at, s);
            } else if (v instanceof Long l) {
                ps.setLong(at, l);
            } else if (v instanceof Integer n) {
                ps.setInt(at, n);
            } else if (v instanceof Boolean b) {
                ps.setInt(at, b ? 1 : 0);
            } else if (v instanceof Instant t) {
                ps.setLong(at, t.toEpochMilli());
            } else if (v instanceof Enum<?> e) {
                ps.setString(at, e.name());
            } else {
                throw new IllegalArgumentException("no binding for " + v.getClass().getName());
            }
        }
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
