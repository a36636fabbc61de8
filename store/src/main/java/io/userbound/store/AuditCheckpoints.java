package io.userbound.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records that make an audit chain checkable: the chain's own row ({@code audit_chains}), its checkpoints and the
 * purges' records. All are MAC'd under the audit key, so none can be made up without it.
 *
 * <p>A <b>checkpoint</b> of a chain's table covers every number up to {@code seq_upto} whose transaction has ended
 * ({@link AuditChain#resolvedUpTo}): {@code gaps} lists the numbers whose transaction rolled back (no row is expected),
 * and {@code lost} the numbers whose transaction committed but whose row was already gone when the checkpoint looked
 * (a deletion inside the first seconds, reported by verify and logged at ERROR). So a number at or below a checkpoint
 * with no row, not among its gaps and not purged, was a row deleted. Checkpoints of one chain and table are numbered
 * and each carries the previous one's MAC, so one taken away breaks the line; each chain's record witnesses the newest
 * checkpoints of every other chain when it started, so the whole line of a stopped chain cannot go either. Each
 * checkpoint is also logged at INFO on {@code io.userbound.audit}, a copy outside the database.
 *
 * <p>A <b>purge</b> record names exactly which numbers of a chain the retention job deleted, on purpose.
 *
 * <p>Not thread-safe: one caller at a time (the store's checkpoint thread, its close, and tests).
 */
final class AuditCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger("io.userbound.audit");
    /** Longest gap list written out; beyond it a checkpoint records only how many were missing ({@code *N}). */
    static final int MAX_GAPS_TEXT = 900_000;
    /** A number unresolved this long is taken as rolled back (a write path that never said how it ended). */
    static final long ABANDON_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final Db db;
    private final AuditChain chain;
    private final Map<AuditSource, Long> coveredUpTo = new EnumMap<>(AuditSource.class);
    private final Map<AuditSource, Long> ordinals = new EnumMap<>(AuditSource.class);
    private final Map<AuditSource, String> lastMacs = new EnumMap<>(AuditSource.class);
    /** Set when a checkpoint failed: its insert may have committed, so the state is read back before the next. */
    private boolean resync;

    AuditCheckpoints(Db db, AuditChain chain) {
        this.db = db;
        this.chain = chain;
        for (AuditSource s : AuditSource.values()) {
            coveredUpTo.put(s, 0L);
            ordinals.put(s, 0L);
            lastMacs.put(s, "");
        }
    }

    /**
     * Registers the chain, with the newest checkpoint of every other chain as its witness. When {@code adopt} (the
     * store's own start has just created the chain's columns, migration V9), rows written before there were chains
     * are adopted into this chain first, in their time order: they were never protected, and from now on they are.
     * Rows without a chain found later are never adopted: verify reports them.
     */
    void register(boolean adopt) {
        List<AuditSealer.Sealed> adopted = new ArrayList<>();
        db.inTransaction(c -> {
            StringBuilder witness = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("SELECT chain_id, source, MAX(ordinal) FROM "
                    + "audit_checkpoints GROUP BY chain_id, source ORDER BY chain_id, source");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    witness.append(witness.length() == 0 ? "" : ";").append(rs.getString(1)).append('/')
                            .append(rs.getString(2)).append('/').append(rs.getLong(3));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_chains (chain_id, node, started_at, witness, mac) VALUES (?, ?, ?, ?, ?)")) {
                String node = Columns.stored(chain.node(), 255);
                ps.setString(1, chain.chainId());
                ps.setString(2, node);
                ps.setLong(3, chain.startedAt());
                ps.setString(4, witness.toString());
                ps.setString(5, chain.mac("chain", chain.chainId(), node, chain.startedAt(), witness.toString()));
                ps.executeUpdate();
            }
            if (adopt) {
                for (AuditSource source : AuditSource.values()) {
                    adopt(c, source, adopted);
                }
            }
            return null;
        });
        AuditSealer.resolve(adopted, true);
    }

    private void adopt(Connection c, AuditSource source, List<AuditSealer.Sealed> adopted) throws SQLException {
        List<String> columns = source.columns();
        String time = columns.get(source == AuditSource.LOGIN_HISTORY ? 15 : columns.indexOf("created_date"));
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", columns) + " FROM "
                + source.table() + " WHERE chain_id IS NULL ORDER BY " + time + ", id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(AuditVerifier.values(rs, columns.size()));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + source.table()
                + " SET chain_id = ?, chain_seq = ?, chain_mac = ? WHERE id = ? AND chain_id IS NULL")) {
            for (List<Object> row : rows) {
                AuditChain.Seal seal = chain.seal(source, row);
                adopted.add(new AuditSealer.Sealed(chain, source, seal.seq()));
                ps.setString(1, seal.chainId());
                ps.setLong(2, seal.seq());
                ps.setString(3, seal.mac());
                ps.setString(4, (String) row.get(0));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        LOG.warn("audit chain {} adopted {} {} rows written before there were chains (an upgrade to the audit chain): "
                + "they are protected from now on, not before", chain.chainId(), rows.size(), source.apiName());
    }

    /** A periodic checkpoint: covers, per table, every number whose transaction has ended. */
    void tick() {
        checkpointAll();
    }

    /** A checkpoint per table of every number whose transaction has ended (at a clean stop: all of them). */
    void checkpointAll() {
        if (resync) {
            resyncFromDatabase();
        }
        for (AuditSource source : AuditSource.values()) {
            checkpoint(source, chain.resolvedUpTo(source, ABANDON_NANOS));
        }
    }

    private void checkpoint(AuditSource source, long upTo) {
        long from = coveredUpTo.get(source);
        if (upTo <= from) {
            return;
        }
        String[] missing = db.withRead(c -> missing(c, source, from, upTo));
        String gaps = missing[0];
        String lost = missing[1];
        long ordinal = ordinals.get(source) + 1;
        long now = System.currentTimeMillis();
        String prev = lastMacs.get(source);
        String mac = chain.mac("checkpoint", chain.chainId(), source.name(), ordinal, upTo, gaps, lost, now, prev);
        try {
            db.update("INSERT INTO audit_checkpoints (chain_id, source, ordinal, seq_upto, gaps, lost, created_at, "
                    + "prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Params.of()
                            .text(chain.chainId()).text(source.name()).number(ordinal).number(upTo).text(gaps)
                            .text(lost).number(now).text(prev).text(mac));
        } catch (RuntimeException e) {
            // it may have committed all the same (a force that failed after the commit): read back before the next
            resync = true;
            throw e;
        }
        coveredUpTo.put(source, upTo);
        ordinals.put(source, ordinal);
        lastMacs.put(source, mac);
        chain.forgetUpTo(source, upTo);
        if (!lost.isEmpty()) {
            LOG.error("audit rows deleted before their checkpoint: chain={} table={} numbers={}", chain.chainId(),
                    source.apiName(), lost);
        }
        LOG.info("audit checkpoint chain={} table={} ordinal={} upto={} gaps={} mac={}", chain.chainId(),
                source.apiName(), ordinal, upTo, gaps.isEmpty() ? "none" : gaps, mac);
    }

    /** Takes this chain's newest checkpoint per table from the database as the line to continue. */
    private void resyncFromDatabase() {
        for (AuditSource source : AuditSource.values()) {
            db.withRead(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT ordinal, seq_upto, mac FROM audit_checkpoints "
                        + "WHERE chain_id = ? AND source = ? ORDER BY ordinal DESC")) {
                    ps.setString(1, chain.chainId());
                    ps.setString(2, source.name());
                    ps.setMaxRows(1);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getLong(1) > ordinals.get(source)) {
                            ordinals.put(source, rs.getLong(1));
                            coveredUpTo.put(source, rs.getLong(2));
                            lastMacs.put(source, rs.getString(3));
                        }
                    }
                }
                return null;
            });
        }
        resync = false;
    }

    /**
     * The numbers in (from, upTo] with no row now, as ranges ({@code 4,7-9}): those whose transaction rolled back
     * (gaps), and the others (lost: committed, and gone). Either is {@code *N} when too long to list.
     */
    private String[] missing(Connection c, AuditSource source, long from, long upTo) throws SQLException {
        List<long[]> gaps = new ArrayList<>();
        List<long[]> lost = new ArrayList<>();
        List<long[]> purged = purgedRanges(c, source, from);
        long expected = from + 1;
        try (PreparedStatement ps = c.prepareStatement("SELECT chain_seq FROM " + source.table()
                + " WHERE chain_id = ? AND chain_seq > ? AND chain_seq <= ? ORDER BY chain_seq")) {
            ps.setString(1, chain.chainId());
            ps.setLong(2, from);
            ps.setLong(3, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    classify(source, expected, seq - 1, gaps, lost, purged);
                    expected = Math.max(expected, seq + 1);
                }
            }
        }
        classify(source, expected, upTo, gaps, lost, purged);
        return new String[] {text(gaps), text(lost)};
    }

    /** The numbers of this chain above {@code from} that a purge deleted on purpose (MAC'd records only). */
    private List<long[]> purgedRanges(Connection c, AuditSource source, long from) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, seq_upto, seqs, deleted, purged_before, created_at, "
                + "mac FROM audit_purges WHERE chain_id = ? AND source = ? AND seq_upto > ?")) {
            ps.setString(1, chain.chainId());
            ps.setString(2, source.name());
            ps.setLong(3, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (chain.verifies(rs.getString(7), "purge", rs.getString(1), source.name(), chain.chainId(),
                            rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))) {
                        out.addAll(AuditGaps.parse(rs.getString(3)).ranges());
                    }
                }
            }
        }
        return out;
    }

    private void classify(AuditSource source, long from, long to, List<long[]> gaps, List<long[]> lost,
            List<long[]> purged) {
        for (long seq = from; seq <= to; seq++) {
            if (AuditGaps.contains(purged, seq)) {
                continue;
            }
            AuditGaps.append(chain.rolledBack(source, seq) ? gaps : lost, seq);
        }
    }

    private static String text(List<long[]> ranges) {
        String text = AuditGaps.format(ranges);
        if (text.length() <= MAX_GAPS_TEXT) {
            return text;
        }
        long n = 0;
        for (long[] r : ranges) {
            n += r[1] - r[0] + 1;
        }
        return "*" + n;
    }

    /**
     * Records, in the purge's transaction, exactly which numbers of each chain a purge deleted on purpose.
     *
     * @param deletedByChain the numbers deleted, per chain
     */
    static void purged(Connection c, AuditChain chain, AuditSource source, Map<String, List<Long>> deletedByChain,
            long purgedBefore) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_purges (id, source, chain_id, seq_upto, "
                + "seqs, deleted, purged_before, created_at, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Long>> e : deletedByChain.entrySet()) {
                List<Long> seqs = new ArrayList<>(e.getValue());
                java.util.Collections.sort(seqs);
                List<long[]> ranges = new ArrayList<>();
                for (long seq : seqs) {
                    AuditGaps.append(ranges, seq);
                }
                String text = AuditGaps.format(ranges);
                String id = UUID.randomUUID().toString();
                long upTo = seqs.get(seqs.size() - 1);
                ps.setString(1, id);
                ps.setString(2, source.name());
                ps.setString(3, e.getKey());
                ps.setLong(4, upTo);
                ps.setString(5, text);
                ps.setLong(6, seqs.size());
                ps.setLong(7, purgedBefore);
                ps.setLong(8, now);
                ps.setString(9, chain.mac("purge", id, source.name(), e.getKey(), upTo, text, (long) seqs.size(),
                        purgedBefore, now));
                ps.addBatch();
                LOG.info("audit purge table={} chain={} numbers={} deleted={} before={}", source.apiName(), e.getKey(),
                        text, seqs.size(), purgedBefore);
            }
            ps.executeBatch();
        }
    }
}
