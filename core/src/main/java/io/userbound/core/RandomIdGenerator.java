package io.userbound.core;

import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.SalesforceId;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Ids made of the key prefix, seven base-62 digits of the current millisecond (so ids of one type sort roughly by
 * creation, which keeps index inserts local) and five random base-62 digits; then the checksum suffix.
 */
public final class RandomIdGenerator implements IdGenerator {
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public RandomIdGenerator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String next(String prefix) {
        if (prefix == null || !prefix.matches("[0-9A-Za-z]{3}")) {
            throw new IllegalArgumentException("a key prefix is three characters from [0-9A-Za-z]");
        }
        char[] id = new char[15];
        prefix.getChars(0, 3, id, 0);
        long millis = clock.millis();
        for (int i = 9; i >= 3; i--) {
            id[i] = BASE62[(int) (millis % 62)];
            millis /= 62;
        }
        for (int i = 10; i < 15; i++) {
            id[i] = BASE62[random.nextInt(62)];
        }
        return SalesforceId.of(new String(id)).id18();
    }
}
