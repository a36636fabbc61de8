package io.userbound.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every audit chain ({@link AuditChain}, {@link AuditCheckpoints}): each row's MAC (a row altered, or made up,
 * without the key fails it), each row's number (a second row with one number was inserted; a number below a
 * checkpoint with no row, not among that checkpoint's gaps and not purged, was a row deleted), and the chain,
 * checkpoint and purge records themselves (MAC'd; checkpoints numbered and linked, so one removed is seen).
 *
 * <p>What it cannot see, by design: rows deleted after a chain's newest checkpoint (at most two checkpoint periods, and
 * none after a clean stop), and a whole chain removed with all its rows and records (the checkpoints logged on
 * {@code io.userbound.audit} are the copy outside the database for that). Reads in one transaction, streaming.
 */
final class AuditVerifier {
    /** Problems listed in a report; all are counted. */
    static final int MAX_PROBLEMS = 100;

    /** A checkpoint's range of numbers, its gaps (rolled back) and the rows it found lost (reported with it). */
    private record Cover(long from, long upTo, AuditGaps gaps, AuditGaps lost) {
    }

    private record Key(String chain, AuditSource source) {
    }

    private final AuditChain macs;
    private final List<AuditReport.Problem> problems = new ArrayList<>();
    private long problemCount;
    private final Set<String> chains = new HashSet<>();
    /** Chains whose record fails its MAC (reported once, there). */
    private final Set<String> badChains = new HashSet<>();
    /** Chains with checkpoints but no record (reported once). */
    private final Set<String> goneChains = new HashSet<>();
    private final Map<Key, List<Cover>> covers = new HashMap<>();
    private final Map<Key, List<long[]>> purged = new HashMap<>();
    /** What each chain's record witnessed: the newest checkpoint ordinal of other chains when it started. */
    private final List<String[]> witnessed = new ArrayList<>();
    /** The highest checkpoint ordinal in an unbroken, verified line, per chain and table. */
    private final Map<Key, Long> lineReaches = new HashMap<>();
    private final Map<Cover, Long> missingUncounted = new HashMap<>();

    /** @param macs computes MACs under the audit key (any chain of this key) */
    AuditVerifier(AuditChain macs) {
        this.macs = macs;
    }

    AuditReport verify(Connection c) throws SQLException {
        int chainCount = readChains(c);
        int checkpointCount = readCheckpoints(c);
        int purgeCount = readPurges(c);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (AuditSource source : AuditSource.values()) {
            rows.put(source.apiName(), readRows(c, source));
        }
        missingUncounted.forEach((cover, missing) -> {
            if (missing > cover.gaps().missing()) {
                problem("deleted", "(counted checkpoint)", null, null, cover.upTo(), (missing - cover.gaps().missing())
                        + " rows missing between numbers " + (cover.from() + 1) + " and " + cover.upTo()
                        + " beyond the " + cover.gaps().missing() + " the checkpoint found missing");
            }
        });
        return new AuditReport(rows, chainCount, checkpointCount, purgeCount, List.copyOf(problems), problemCount);
    }

    private void problem(String kind, String table, String id, String chain, long seq, String detail) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new AuditReport.Problem(kind, table, id, chain, seq, detail));
        }
    }

    private void flush(AuditReport.Problem p) {
        if (p != null) {
            problem(p.kind(), p.table(), p.id(), p.chain(), p.seq(), p.detail());
        }
    }

    private int readChains(Connection c) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT chain_id, node, started_at, witness, mac FROM audit_chains ORDER BY chain_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                String chain = rs.getString(1);
                String witness = rs.getString(4);
                if (macs.verifies(rs.getString(5), "chain", chain, rs.getString(2), rs.getLong(3), witness)) {
                    chains.add(chain);
                    if (!witness.isEmpty()) {
                        for (String w : witness.split(";")) {
                            String[] parts = w.split("/");
                            witnessed.add(new String[] {parts[0], parts[1], parts[2], chain});
                        }
                    }
                } else {
                    badChains.add(chain);
                    problem("altered", "AuditChain", chain, chain, 0, "the chain's record does not match its MAC");
                }
            }
        }
        return n;
    }

    private int readCheckpoints(Connection c) throws SQLException {
        int n = 0;
        Key current = null;
        long expectedOrdinal = 1;
        String prevMac = "";
        long prevUpTo = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT chain_id, source, ordinal, seq_upto, gaps, lost, "
                + "created_at, prev_mac, mac FROM audit_checkpoints ORDER BY chain_id, source, ordinal");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                String chain = rs.getString(1);
                AuditSource source = sourceOf(rs.getString(2));
                long ordinal = rs.getLong(3);
                long upTo = rs.getLong(4);
                String gaps = rs.getString(5);
                String label = "checkpoint " + ordinal + " of " + rs.getString(2);
                if (!chains.contains(chain)) {
                    // its rows are reported as naming no chain; the checkpoints cannot vouch for anything
                    if (!badChains.contains(chain) && goneChains.add(chain)) {
                        problem("deleted", "AuditChain", chain, chain, 0, "the chain's record is gone, its "
                                + "checkpoints remain");
                    }
                    continue;
                }
                String lost = rs.getString(6);
                if (source == null || !macs.verifies(rs.getString(9), "checkpoint", chain, rs.getString(2), ordinal,
                        upTo, gaps, lost, rs.getLong(7), rs.getString(8))) {
                    problem(source == null ? "inserted" : "altered", "AuditCheckpoint",
                            null, chain, ordinal, label + " does not match its MAC");
                    continue;
                }
                Key key = new Key(chain, source);
                if (!key.equals(current)) {
                    current = key;
                    expectedOrdinal = 1;
                    prevMac = "";
                    prevUpTo = 0;
                }
                if (ordinal != expectedOrdinal || !prevMac.equals(rs.getString(8))) {
                    problem("deleted", "AuditCheckpoint", null, chain, expectedOrdinal, "checkpoint "
                            + expectedOrdinal + " of " + source.apiName() + " is missing (the next one links to it)");
                }
                AuditGaps parsed;
                AuditGaps lostRows;
                try {
                    parsed = AuditGaps.parse(gaps);
                    lostRows = AuditGaps.parse(lost);
                } catch (IllegalArgumentException e) {
                    problem("altered", "AuditCheckpoint", null, chain, ordinal, label + " has an unreadable gap list");
                    continue;
                }
                if (lostRows.missing() > 0) {
                    // committed, and gone before the checkpoint could see them: a deletion within seconds
                    problem("deleted", source.apiName(), null, chain, lostRows.ranges().isEmpty() ? 0
                            : lostRows.ranges().get(0)[0], lostRows.missing() + " row(s) numbered " + lost
                            + " were committed and gone before checkpoint " + ordinal + " was written");
                }
                covers.computeIfAbsent(key, k -> new ArrayList<>()).add(new Cover(prevUpTo, upTo, parsed, lostRows));
                lineReaches.put(key, ordinal);
                expectedOrdinal = ordinal + 1;
                prevMac = rs.getString(9);
                prevUpTo = upTo;
            }
        }
        for (String[] w : witnessed) {
            AuditSource source = sourceOf(w[1]);
            long ordinal;
            try {
                ordinal = Long.parseLong(w[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (source != null && chains.contains(w[0])
                    && lineReaches.getOrDefault(new Key(w[0], source), 0L) < ordinal) {
                problem("deleted", "AuditCheckpoint", null, w[0], ordinal, "checkpoint " + ordinal + " of "
                        + source.apiName() + " is gone (chain " + w[3] + " saw it when it started)");
            }
        }
        return n;
    }

    private int readPurges(Connection c) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, source, chain_id, seq_upto, seqs, deleted, "
                + "purged_before, created_at, mac FROM audit_purges");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
                AuditSource source = sourceOf(rs.getString(2));
                String chain = rs.getString(3);
                long upTo = rs.getLong(4);
                String seqs = rs.getString(5);
                if (source == null || !macs.verifies(rs.getString(9), "purge", rs.getString(1), rs.getString(2), chain,
                        upTo, seqs, rs.getLong(6), rs.getLong(7), rs.getLong(8))) {
                    problem("inserted", "AuditPurge", rs.getString(1), chain, upTo,
                            "a purge record that does not match its MAC");
                    continue;
                }
                try {
                    purged.computeIfAbsent(new Key(chain, source), k -> new ArrayList<>())
                            .addAll(AuditGaps.parse(seqs).ranges());
                } catch (IllegalArgumentException e) {
                    problem("altered", "AuditPurge", rs.getString(1), chain, upTo, "an unreadable list of numbers");
                }
            }
        }
        return n;
    }

    private long readRows(Connection c, AuditSource source) throws SQLException {
        List<String> columns = source.columns();
        int n = columns.size();
        long checked = 0;
        Set<Key> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", columns)
                + ", chain_id, chain_seq, chain_mac FROM " + source.table() + " ORDER BY chain_id, chain_seq, id")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                String chain = null;
                AuditReport.Problem unsealed = null;
                long lastSeq = 0;
                String lastId = null;
                while (rs.next()) {
                    checked++;
                    List<Object> values = values(rs, n);
                    String id = (String) values.get(0);
                    String rowChain = rs.getString(n + 1);
                    long seq = rs.getLong(n + 2);
                    boolean noSeq = rs.wasNull();
                    String mac = rs.getString(n + 3);
                    if (rowChain == null || noSeq) {
                        problem("inserted", source.apiName(), id, rowChain, 0, "the row carries no chain seal");
                        continue;
                    }
                    if (!chains.contains(rowChain)) {
                        problem("inserted", source.apiName(), id, rowChain, seq, "the row names chain " + rowChain
                                + (badChains.contains(rowChain) ? ", whose record does not match its MAC"
                                : ", which is not registered"));
                        continue;
                    }
                    if (!rowChain.equals(chain)) {
                        if (chain != null) {
                            tail(source, chain, lastSeq, lastId);
                        }
                        chain = rowChain;
                        lastSeq = 0;
                        lastId = null;
                        seen.add(new Key(chain, source));
                    }
                    boolean sealed = macs.verifies(source, rowChain, seq, values, mac);
                    if (seq == lastSeq) {
                        // two rows with one number: the one whose MAC fails was made up (the other holds)
                        if (!sealed) {
                            problem("inserted", source.apiName(), id, rowChain, seq, "a second row numbered " + seq
                                    + " in its chain, whose MAC does not match");
                        } else if (unsealed != null) {
                            unsealed = new AuditReport.Problem("inserted", unsealed.table(), unsealed.id(),
                                    unsealed.chain(), seq, "a second row numbered " + seq
                                    + " in its chain, whose MAC does not match");
                        }
                        continue;
                    }
                    flush(unsealed);
                    unsealed = sealed ? null : new AuditReport.Problem("altered", source.apiName(), id, rowChain, seq,
                            "the row's content does not match its MAC");
                    missing(source, rowChain, lastSeq + 1, seq - 1, lastId, id);
                    lastSeq = seq;
                    lastId = id;
                }
                flush(unsealed);
                if (chain != null) {
                    tail(source, chain, lastSeq, lastId);
                }
            }
        }
        // chains whose checkpoints cover rows of this table though none is left at all
        for (Key key : covers.keySet()) {
            if (key.source() == source && !seen.contains(key)) {
                tail(source, key.chain(), 0, null);
            }
        }
        return checked;
    }

    /** The numbers after a chain's last row, up to its newest checkpoint. */
    private void tail(AuditSource source, String chain, long lastSeq, String lastId) {
        List<Cover> list = covers.get(new Key(chain, source));
        if (list != null) {
            missing(source, chain, lastSeq + 1, list.get(list.size() - 1).upTo(), lastId, null);
        }
    }

    /** Numbers {@code from..to} of a chain have no row: each was purged, a checkpoint's gap, not yet covered, or gone. */
    private void missing(AuditSource source, String chain, long from, long to, String before, String after) {
        if (from > to) {
            return;
        }
        Key key = new Key(chain, source);
        List<Cover> list = covers.getOrDefault(key, List.of());
        if (list.isEmpty()) {
            return;
        }
        List<long[]> purgedRanges = purged.getOrDefault(key, List.of());
        long coveredUpTo = list.get(list.size() - 1).upTo();
        int at = firstCovering(list, from);
        for (long seq = from; seq <= Math.min(to, coveredUpTo); seq++) {
            while (list.get(at).upTo() < seq) {
                at++;
            }
            Cover cover = list.get(at);
            if (AuditGaps.contains(purgedRanges, seq) || cover.lost().contains(seq)) {
                continue;
            }
            if (cover.gaps().countedOnly()) {
                missingUncounted.merge(cover, 1L, Long::sum);
            } else if (!cover.gaps().contains(seq)) {
                problem("deleted", source.apiName(), null, chain, seq, "row number " + seq + " of the chain is gone"
                        + (before == null ? "" : ", after row " + before) + (after == null ? "" : ", before row "
                        + after));
            }
        }
    }

    /** The index of the first checkpoint whose range reaches {@code seq} (binary search; they ascend). */
    private static int firstCovering(List<Cover> list, long seq) {
        int lo = 0;
        int hi = list.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).upTo() < seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static AuditSource sourceOf(String name) {
        for (AuditSource s : AuditSource.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The first {@code n} columns of the current row: text as text, numbers as longs. */
    static List<Object> values(ResultSet rs, int n) throws SQLException {
        List<Object> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            out.add(v instanceof Number num ? (Object) num.longValue() : v == null ? null : v.toString());
        }
        return out;
    }
}
