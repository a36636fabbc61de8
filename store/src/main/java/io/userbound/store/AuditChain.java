package io.userbound.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * This process's audit chain: every audit row it writes gets the chain's id, the next number of the chain for its
 * table, and an HMAC-SHA256 over both and the row's content under the audit key. Without the key a row cannot be
 * altered or made up so that its MAC still holds; a row removed leaves a hole in the numbers, which the checkpoints
 * ({@link AuditCheckpoints}) tell apart from numbers that were taken by a transaction that then rolled back.
 *
 * <p>One chain per process (so per node): numbers come from memory, with no shared counter for nodes to contend on.
 * The key is derived from the server's secret pepper ({@link #keyFrom}), which lives outside the database and is the
 * same on every node. Thread-safe.
 */
public final class AuditChain {
    /** The MAC of a row: the chain, the row's number in it, the HMAC in hex. */
    record Seal(String chainId, long seq, String mac) {
        /** No chain yet (a store used without a server, as some tests do): the row is written unsealed. */
        static final Seal NONE = new Seal(null, 0, null);
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final String VERSION = "userbound-audit-v1";

    private final byte[] key;
    private final String chainId;
    private final String node;
    private final long startedAt;
    private final Map<AuditSource, AtomicLong> numbers = new EnumMap<>(AuditSource.class);
    /** Numbers sealed whose transaction has not ended yet, with when they were sealed (nanoTime). */
    private final Map<AuditSource, ConcurrentHashMap<Long, Long>> unresolved = new EnumMap<>(AuditSource.class);
    /** Numbers whose transaction rolled back (or whose commit may not have lasted): no row is expected. */
    private final Map<AuditSource, ConcurrentSkipListSet<Long>> rolledBack = new EnumMap<>(AuditSource.class);
    private final ThreadLocal<Mac> macs;

    AuditChain(byte[] key, String node, long startedAt) {
        this(key, UUID.randomUUID().toString(), node, startedAt);
    }

    AuditChain(byte[] key, String chainId, String node, long startedAt) {
        this.key = key.clone();
        this.chainId = chainId;
        this.node = node;
        this.startedAt = startedAt;
        for (AuditSource s : AuditSource.values()) {
            numbers.put(s, new AtomicLong());
            unresolved.put(s, new ConcurrentHashMap<>());
            rolledBack.put(s, new ConcurrentSkipListSet<>());
        }
        this.macs = ThreadLocal.withInitial(() -> newMac(this.key));
    }

    /**
     * The audit key for a server secret: HMAC-SHA256 of a fixed label under the secret, so that the key is bound to
     * this one use and the secret itself is never a MAC key of stored data. The label starts with a NUL byte, which no
     * consumer secret holds, so the key is never the pepper's hash of some consumer secret.
     */
    public static byte[] keyFrom(byte[] secret) {
        Mac mac = newMac(secret);
        return mac.doFinal("\0userbound audit chain key v1".getBytes(StandardCharsets.US_ASCII));
    }

    String chainId() {
        return chainId;
    }

    String node() {
        return node;
    }

    long startedAt() {
        return startedAt;
    }

    /** The last number handed out for {@code source} (0 before the first). */
    long lastNumber(AuditSource source) {
        return numbers.get(source).get();
    }

    /**
     * Seals a row: its values in {@link AuditSource#columns()} order, exactly as stored. The number stays unresolved
     * until {@link #resolved} says how its transaction ended.
     */
    Seal seal(AuditSource source, List<Object> values) {
        long seq = numbers.get(source).incrementAndGet();
        unresolved.get(source).put(seq, System.nanoTime());
        return new Seal(chainId, seq, mac(rowParts(source, chainId, seq, values)));
    }

    /** How the transaction of a sealed number ended: committed (and durable), or not (no row is expected). */
    void resolved(AuditSource source, long seq, boolean committed) {
        unresolved.get(source).remove(seq);
        if (!committed) {
            rolledBack.get(source).add(seq);
        }
    }

    /**
     * The highest number below which every number is resolved: what a checkpoint may cover now. A number unresolved
     * for longer than {@code abandonAfterNanos} (a path that never said how its transaction ended) is taken as rolled
     * back, so that one lost resolution cannot stop the checkpoints; it can only make them more lenient.
     */
    long resolvedUpTo(AuditSource source, long abandonAfterNanos) {
        long now = System.nanoTime();
        long upTo = numbers.get(source).get();
        for (Map.Entry<Long, Long> e : unresolved.get(source).entrySet()) {
            if (now - e.getValue() > abandonAfterNanos) {
                resolved(source, e.getKey(), false);
            } else {
                upTo = Math.min(upTo, e.getKey() - 1);
            }
        }
        return upTo;
    }

    /** True when {@code seq}'s transaction rolled back. */
    boolean rolledBack(AuditSource source, long seq) {
        return rolledBack.get(source).contains(seq);
    }

    /** Forgets the rollbacks at or below {@code upTo} (a checkpoint has recorded them). */
    void forgetUpTo(AuditSource source, long upTo) {
        rolledBack.get(source).headSet(upTo, true).clear();
    }

    /** The MAC of these parts under this chain's key (rows, checkpoints, purges and the chain's own record). */
    String mac(Object... parts) {
        return mac(java.util.Arrays.asList(parts));
    }

    private String mac(List<Object> parts) {
        Mac mac = macs.get();
        update(mac, VERSION);
        for (Object v : parts) {
            update(mac, v);
        }
        return HEX.formatHex(mac.doFinal());
    }

    /** What a row's MAC covers: its table, chain and number, then its content columns. */
    private static List<Object> rowParts(AuditSource source, String chain, long seq, List<Object> values) {
        List<Object> parts = new java.util.ArrayList<>(values.size() + 3);
        parts.add(source.name());
        parts.add(chain);
        parts.add(seq);
        parts.addAll(values);
        return parts;
    }

    /** As {@link #seal}'s MAC, for a row read back: true when it matches. */
    boolean verifies(AuditSource source, String chain, long seq, List<Object> values, String mac) {
        return verifies(mac, rowParts(source, chain, seq, values).toArray());
    }

    /** True when {@code mac} is the MAC of {@code parts}. */
    boolean verifies(String mac, Object... parts) {
        if (mac == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(HEX.parseHex(mac(parts)), HEX.parseHex(mac));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Each part as a type tag, its length and its bytes, so that no two different sequences of values encode alike
     * ({@code "ab","c"} and {@code "a","bc"}; null and the text {@code "null"}).
     */
    private static void update(Mac mac, Object v) {
        if (v == null) {
            mac.update((byte) 'N');
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            mac.update((byte) 'S');
            mac.update(intBytes(b.length));
            mac.update(b);
        } else if (v instanceof Number n) {
            mac.update((byte) 'L');
            mac.update(longBytes(n.longValue()));
        } else {
            throw new IllegalArgumentException("an audit value is text, a number or null, not "
                    + v.getClass().getName());
        }
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
