package io.userbound.core;

import io.userbound.protocol.SalesforceId;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Ids made of the key prefix, seven base-62 digits of a millisecond and five base-62 digits after it; then the
 * checksum suffix. Ids of one process strictly increase: the first id of a millisecond starts at a random point of the
 * lower half of the five digits, every later one steps a random 1 to {@value #MAX_STEP} past the last, and a clock
 * that stands still or steps back never makes an id go back (the millisecond part stays where it was). So one node
 * never makes the same id twice, and ids of one type sort by creation, which keeps index inserts at the right edge.
 * Two nodes draw their starting points independently; the database's primary keys catch the rare clash.
 * Thread-safe.
 */
public final class RandomIdGenerator implements IdGenerator {
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 62^5: how many values the five digits after the millisecond hold. */
    private static final long LOW_VALUES = 62L * 62 * 62 * 62 * 62;
    private static final int MAX_STEP = 1024;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = Long.MIN_VALUE;
    private long lastLow;

    public RandomIdGenerator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String next(String prefix) {
        if (prefix == null || !prefix.matches("[0-9A-Za-z]{3}")) {
            throw new IllegalArgumentException("a key prefix is three characters from [0-9A-Za-z]");
        }
        long millis;
        long low;
        synchronized (this) {
            millis = clock.millis();
            if (millis <= lastMillis) {
                millis = lastMillis;
                low = lastLow + 1 + random.nextInt(MAX_STEP);
                if (low >= LOW_VALUES) {
                    millis++;
                    low = start();
                }
            } else {
                low = start();
            }
            lastMillis = millis;
            lastLow = low;
        }
        char[] id = new char[15];
        prefix.getChars(0, 3, id, 0);
        for (int i = 9; i >= 3; i--) {
            id[i] = BASE62[(int) Math.floorMod(millis, 62L)];
            millis = Math.floorDiv(millis, 62L);
        }
        for (int i = 14; i >= 10; i--) {
            id[i] = BASE62[(int) (low % 62)];
            low /= 62;
        }
        return SalesforceId.of(new String(id)).id18();
    }

    private long start() {
        return (long) (random.nextDouble() * (LOW_VALUES / 2));
    }
}
