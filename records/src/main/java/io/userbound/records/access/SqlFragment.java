package io.userbound.records.access;

import java.util.ArrayList;
import java.util.List;

/** A piece of a WHERE clause with its bound parameters, in order. */
public record SqlFragment(String sql, List<Object> params) {
    public SqlFragment {
        params = List.copyOf(params);
    }

    /** {@code column IN (?, ?, ...)} over the values; never empty input. */
    public static SqlFragment in(String column, java.util.Collection<?> values) {
        StringBuilder sql = new StringBuilder(column).append(" IN (");
        List<Object> params = new ArrayList<>(values.size());
        for (Object v : values) {
            sql.append(params.isEmpty() ? "?" : ", ?");
            params.add(v);
        }
        return new SqlFragment(sql.append(')').toString(), params);
    }
}
