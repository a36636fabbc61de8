package io.userbound.records.port;

import java.util.List;

/**
 * A parameterised SQL statement built by the records module. Values are never part of {@code sql}: each {@code ?}
 * takes the matching element of {@code params}, which is a {@link String}, {@link java.math.BigDecimal},
 * {@link Long}, {@link Integer}, {@link Boolean}, {@link java.time.LocalDate} or null.
 */
public record SqlStatement(String sql, List<Object> params) {
    public SqlStatement {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
