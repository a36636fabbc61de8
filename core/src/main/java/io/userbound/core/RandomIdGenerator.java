package io.userbound.core;

import io.userbound.protocol.SalesforceId;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Ids made of the key prefix, seven base-62 digits of a millisecond, two base-62 digits of this generator's random
 * tag and three of a sequence; then the checksum suffix.
 *
 * <ul>
 *   <li>On one node ids strictly increase: the sequence starts at a random point of its lower half each millisecond
 *       and then steps a random 1 to {@value #MAX_STEP} past the last id; when it runs out the id moves to the next
 *       millisecond, and a clock that stands still or steps back never makes an id go back. So a node never makes the
 *       same id twice, and ids of one type sort by creation, which keeps index inserts at the right edge.</li>
 *   <li>Nodes differ by their tag (one of 3,844, drawn at start). Two nodes share a tag with a chance of 1 in 3,844;
 *       only then can their ids clash, and the database's primary keys refuse the second. After such a clash,
 *       {@link #reseed()} draws a new tag.</li>
 * </ul>
 * Thread-safe.
 */
public final class RandomIdGenerator implements IdGenerator {
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TAGS = 62 * 62;
    /** 62^3: how many values the sequence digits hold. */
    private static final int SEQUENCE_VALUES = 62 * 62 * 62;
    private static final int MAX_STEP = 16;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private int tag;
    private long lastMillis = Long.MIN_VALUE;
    private int lastSequence;

    public RandomIdGenerator(Clock clock) {
        this.clock = clock;
        this.tag = random.nextInt(TAGS);
    }

    @Override
    public String next(String prefix) {
        if (!isKeyPrefix(prefix)) {
            throw new IllegalArgumentException("a key prefix is three characters from [0-9A-Za-z]");
        }
        long millis;
        int sequence;
        int tagNow;
        synchronized (this) {
            millis = clock.millis();
            if (millis <= lastMillis) {
                millis = lastMillis;
                sequence = lastSequence + 1 + random.nextInt(MAX_STEP);
                if (sequence >= SEQUENCE_VALUES) {
                    millis++;
                    sequence = random.nextInt(SEQUENCE_VALUES / 2);
                }
            } else {
                sequence = random.nextInt(SEQUENCE_VALUES / 2);
            }
            lastMillis = millis;
            lastSequence = sequence;
            tagNow = tag;
        }
        char[] id = new char[15];
        prefix.getChars(0, 3, id, 0);
        for (int i = 9; i >= 3; i--) {
            id[i] = BASE62[(int) Math.floorMod(millis, 62L)];
            millis = Math.floorDiv(millis, 62L);
        }
        id[10] = BASE62[tagNow / 62];
        id[11] = BASE62[tagNow % 62];
        for (int i = 14; i >= 12; i--) {
            id[i] = BASE62[sequence % 62];
            sequence /= 62;
        }
        return SalesforceId.of(new String(id)).id18();
    }

    /** Three characters from {@code [0-9A-Za-z]}, checked without a regular expression (two ids per grant). */
    private static boolean isKeyPrefix(String prefix) {
        if (prefix == null || prefix.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = prefix.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Draws a new tag and moves on to the next millisecond, so later ids still sort after every id made so far. Call
     * it when the database refused an id as taken: another node shares this generator's tag.
     */
    @Override
    public synchronized void reseed() {
        int old = tag;
        while (tag == old) {
            tag = random.nextInt(TAGS);
        }
        lastMillis = Math.max(lastMillis, clock.millis()) + 1;
        lastSequence = -1;
    }
}
