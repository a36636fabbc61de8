package io.userbound.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Where the audit stores get their rows sealed: the process's {@link AuditChain} once the server has started it
 * ({@link JdbcStore#startAuditChain}), and nothing before (rows written then carry no chain, and
 * {@code admin audit verify} reports them). Thread-safe.
 */
final class AuditSealer {
    private volatile AuditChain chain;

    void start(AuditChain chain) {
        this.chain = chain;
    }

    /** The running chain; null before {@link #start}. */
    AuditChain chain() {
        return chain;
    }

    /** A number sealed on a thread, waiting for its transaction to end. */
    record Sealed(AuditChain chain, AuditSource source, long seq) {
    }

    /** The numbers this thread sealed whose transaction has not ended yet. */
    private final ThreadLocal<List<Sealed>> pending = ThreadLocal.withInitial(java.util.ArrayList::new);

    AuditChain.Seal seal(AuditSource source, List<Object> values) {
        AuditChain c = chain;
        if (c == null) {
            return AuditChain.Seal.NONE;
        }
        AuditChain.Seal seal = c.seal(source, values);
        pending.get().add(new Sealed(c, source, seal.seq()));
        return seal;
    }

    /**
     * Takes the numbers this thread sealed since the last take: their transaction has just ended, or is committed
     * and waits to be durable. Empty when none.
     */
    List<Sealed> take() {
        List<Sealed> list = pending.get();
        if (list.isEmpty()) {
            return List.of();
        }
        List<Sealed> out = List.copyOf(list);
        list.clear();
        return out;
    }

    /**
     * Tells the chain how these numbers' transaction ended: committed and durable, or not (rolled back, or a commit
     * that may not have lasted, so that no row is expected for it).
     */
    static void resolve(List<Sealed> sealed, boolean committed) {
        for (Sealed s : sealed) {
            s.chain().resolved(s.source(), s.seq(), committed);
        }
    }

    /**
     * Binds {@code values} (text, numbers, nulls) to parameters 1..n and the seal of them to n+1..n+3 ({@code
     * chain_id, chain_seq, chain_mac}).
     */
    void bindSealed(PreparedStatement ps, AuditSource source, List<Object> values) throws SQLException {
        int i = 1;
        for (Object v : values) {
            if (v == null) {
                ps.setNull(i, Types.NULL);
            } else if (v instanceof String s) {
                ps.setString(i, s);
            } else {
                ps.setLong(i, ((Number) v).longValue());
            }
            i++;
        }
        AuditChain.Seal seal = seal(source, values);
        if (seal.chainId() == null) {
            ps.setNull(i, Types.VARCHAR);
            ps.setNull(i + 1, Types.BIGINT);
            ps.setNull(i + 2, Types.VARCHAR);
        } else {
            ps.setString(i, seal.chainId());
            ps.setLong(i + 1, seal.seq());
            ps.setString(i + 2, seal.mac());
        }
    }

    /** The INSERT of a source's content columns and its chain columns. */
    static String insert(AuditSource source) {
        int n = source.columns().size() + 3;
        return "INSERT INTO " + source.table() + " (" + String.join(", ", source.columns())
                + ", chain_id, chain_seq, chain_mac) VALUES (" + String.join(", ", java.util.Collections.nCopies(n,
                "?")) + ")";
    }
}
