package io.userbound.store;

import io.userbound.core.port.DuplicateValueException;
import io.userbound.records.port.RecordStore;
import io.userbound.records.port.SqlStatement;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs the record module's statements. Table and column names are checked identifiers; values are always bound. */
final class JdbcRecordStore implements RecordStore {
    private final Db db;
    private final AuditSealer sealer;

    JdbcRecordStore(Db db, AuditSealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    @Override
    public void insert(String table, Map<String, Object> columns) {
        if (AuditSource.FIELD_HISTORY.table().equalsIgnoreCase(table)) {
            insertHistory(columns);
            return;
        }
        String t = JdbcRecordTables.identifier(table);
        List<String> names = new ArrayList<>();
        columns.keySet().forEach(c -> names.add(JdbcRecordTables.identifier(c)));
        String sql = "INSERT INTO " + t + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ")";
        write(t, sql, new ArrayList<>(columns.values()), names);
    }

    /** A field history row, sealed into the audit chain; its columns are exactly {@link AuditSource#columns()}. */
    private void insertHistory(Map<String, Object> columns) {
        List<String> expected = AuditSource.FIELD_HISTORY.columns();
        if (!columns.keySet().equals(new java.util.HashSet<>(expected))) {
            throw new IllegalArgumentException("a field history row has the columns " + expected + ", not "
                    + columns.keySet());
        }
        List<Object> values = new ArrayList<>(expected.size());
        for (String c : expected) {
            Object v = columns.get(c);
            values.add(v instanceof String s ? Columns.stored(s) : v);
        }
        String sql = AuditSealer.insert(AuditSource.FIELD_HISTORY);
        try {
            db.writing(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    sealer.bindSealed(ps, AuditSource.FIELD_HISTORY, values);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    @Override
    public int update(String table, String id, Map<String, Object> columns) {
        String t = JdbcRecordTables.identifier(table);
        List<String> names = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE ").append(t).append(" SET ");
        for (String c : columns.keySet()) {
            String name = JdbcRecordTables.identifier(c);
            if (!names.isEmpty()) {
                sql.append(", ");
            }
            names.add(name);
            sql.append(name).append(" = ?");
        }
        sql.append(" WHERE id = ?");
        List<Object> params = new ArrayList<>(columns.values());
        params.add(id);
        return write(t, sql.toString(), params, names);
    }

    private int write(String table, String sql, List<Object> params, List<String> columns) {
        try {
            return db.writing(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, params);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                for (String column : columns) {
                    if (message.contains(JdbcRecordTables.indexName(JdbcRecordTables.UNIQUE_PREFIX, table, column))) {
                        throw new DuplicateValueException(column, "duplicate value found: " + column);
                    }
                }
                throw new DuplicateValueException("id", "duplicate value found: id");
            }
            throw SqlFailures.failure(e);
        }
    }

    @Override
    public List<Object[]> select(SqlStatement statement, int columnCount) {
        try {
            return db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
                    bind(ps, statement.params());
                    try (ResultSet rs = ps.executeQuery()) {
                        List<Object[]> out = new ArrayList<>();
                        while (rs.next()) {
                            Object[] row = new Object[columnCount];
                            for (int i = 0; i < columnCount; i++) {
                                row[i] = read(rs.getObject(i + 1));
                            }
                            out.add(row);
                        }
                        return out;
                    }
                }
            });
        } catch (SQLException e) {
            throw SqlFailures.failure(e);
        }
    }

    @Override
    public int execute(SqlStatement statement) {
        try {
            return db.writing(c -> {
                try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
                    bind(ps, statement.params());
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new DuplicateValueException("id", "duplicate value found");
            }
            throw SqlFailures.failure(e);
        }
    }

    private static Object read(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return value;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            if (p == null) {
                ps.setNull(i, Types.NULL);
            } else if (p instanceof String s) {
                Columns.text(ps, i, s);
            } else if (p instanceof BigDecimal b) {
                ps.setBigDecimal(i, b);
            } else if (p instanceof Long l) {
                ps.setLong(i, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i, n);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i, b);
            } else if (p instanceof LocalDate d) {
                ps.setObject(i, d);
            } else {
                throw new IllegalArgumentException("unsupported parameter type " + p.getClass().getName());
            }
            i++;
        }
    }
}
