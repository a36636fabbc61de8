package io.userbound.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of one statement, named in order and bound from index 1 the way {@link Columns} binds each kind:
 * {@code Params.of().text(org.id()).instant(org.createdDate())}. Null text, instants and durations are SQL NULL.
 * Not thread-safe; built for one statement.
 */
final class Params implements Db.Binder {
    @FunctionalInterface
    private interface Parameter {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private final List<Parameter> parameters = new ArrayList<>(8);

    private Params() {
    }

    static Params of() {
        return new Params();
    }

    /** Text as {@link Columns#text(PreparedStatement, int, String)} binds it. */
    Params text(String value) {
        return add((ps, i) -> Columns.text(ps, i, value));
    }

    /** Text cut to at most {@code max} characters, as {@link Columns#text(PreparedStatement, int, String, int)}. */
    Params text(String value, int max) {
        return add((ps, i) -> Columns.text(ps, i, value, max));
    }

    /** Text, lower-cased ({@link Columns#lower}): the key of a case-insensitive unique name. */
    Params lower(String value) {
        return text(Columns.lower(value));
    }

    Params instant(Instant value) {
        return add((ps, i) -> Columns.instant(ps, i, value));
    }

    Params duration(Duration value) {
        return add((ps, i) -> Columns.duration(ps, i, value));
    }

    Params bool(boolean value) {
        return add((ps, i) -> ps.setBoolean(i, value));
    }

    Params integer(int value) {
        return add((ps, i) -> ps.setInt(i, value));
    }

    Params number(long value) {
        return add((ps, i) -> ps.setLong(i, value));
    }

    /** A nullable integer column. */
    Params integer(Integer value) {
        return add((ps, i) -> {
            if (value == null) {
                ps.setNull(i, Types.INTEGER);
            } else {
                ps.setInt(i, value);
            }
        });
    }

    private Params add(Parameter parameter) {
        parameters.add(parameter);
        return this;
    }

    @Override
    public void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).bind(ps, i + 1);
        }
    }
}
