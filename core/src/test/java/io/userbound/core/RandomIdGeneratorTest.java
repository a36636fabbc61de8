package io.userbound.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.SalesforceId;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RandomIdGeneratorTest {
    private final RandomIdGenerator ids = new RandomIdGenerator(Clock.systemUTC());

    @ParameterizedTest
    @EnumSource(KeyPrefix.class)
    void whenNextThenValid18CharIdWithPrefix(KeyPrefix prefix) {
        String id = ids.next(prefix);
        assertThat(id).hasSize(18).startsWith(prefix.prefix());
        assertThat(SalesforceId.parse(id)).isPresent();
        assertThat(KeyPrefix.of(id)).contains(prefix);
    }

    @ParameterizedTest
    @EnumSource(value = KeyPrefix.class, names = "USER")
    void whenManyIdsThenAllDistinct(KeyPrefix prefix) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(ids.next(prefix))).isTrue();
        }
    }
}
