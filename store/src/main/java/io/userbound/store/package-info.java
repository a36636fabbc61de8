/**
 * JDBC implementations of the {@code io.userbound.core.port} store ports, over HikariCP and Flyway, running unchanged
 * on H2 2.x (the embedded default) and PostgreSQL. The entry point is {@link io.userbound.store.JdbcStore}.
 */
package io.userbound.store;
