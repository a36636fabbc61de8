package io.userbound.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.userbound.protocol.KeyPrefix;
import io.userbound.protocol.SalesforceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
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
    @org.junit.jupiter.params.provider.NullAndEmptySource
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ab", "abcd", "a-b", "a b", "\u00e900", "0_1"})
    void whenThePrefixIsNotThreeAlphanumericsThenRefused(String prefix) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ids.next(prefix))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A million ids in one millisecond: with five random digits per id (the generator before) about 550 of them
     * would have clashed; with strictly increasing ids none can.
     */
    @Test
    void whenAMillionIdsInOneMillisecondThenAllDistinctAndIncreasing() {
        RandomIdGenerator frozen = new RandomIdGenerator(Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"),
                java.time.ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        String last = "";
        for (int i = 0; i < 1_000_000; i++) {
            String id = SalesforceId.to15(frozen.next(KeyPrefix.ACCESS_TOKEN));
            assertThat(seen.add(id)).isTrue();
            assertThat(id).isGreaterThan(last);
            last = id;
        }
    }

    @Test
    void whenTheClockStepsBackThenIdsStillIncrease() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-29T00:00:00Z"));
        RandomIdGenerator gen = new RandomIdGenerator(clock);
        String before = SalesforceId.to15(gen.next(KeyPrefix.USER));

        clock.advance(Duration.ofSeconds(-30));
        String after = SalesforceId.to15(gen.next(KeyPrefix.USER));

        assertThat(after).isGreaterThan(before);
    }

    @Test
    void whenReseededThenANewTagAndIdsStillIncrease() {
        RandomIdGenerator frozen = new RandomIdGenerator(Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"),
                java.time.ZoneOffset.UTC));
        String before = SalesforceId.to15(frozen.next(KeyPrefix.ACCESS_TOKEN));

        frozen.reseed();
        String after = SalesforceId.to15(frozen.next(KeyPrefix.ACCESS_TOKEN));

        assertThat(after.substring(10, 12)).as("tag").isNotEqualTo(before.substring(10, 12));
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void whenTwoGeneratorsMakeIdsInOneMillisecondThenEachKeepsItsOwnTag() {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), java.time.ZoneOffset.UTC);
        RandomIdGenerator a = new RandomIdGenerator(frozen);
        RandomIdGenerator b = new RandomIdGenerator(frozen);
        Set<String> tagsOfA = new HashSet<>();
        Set<String> tagsOfB = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            tagsOfA.add(a.next(KeyPrefix.USER).substring(10, 12));
            tagsOfB.add(b.next(KeyPrefix.USER).substring(10, 12));
        }

        assertThat(tagsOfA).hasSize(1);
        assertThat(tagsOfB).hasSize(1);
    }

    @Test
    void whenIdsAreMadeOnManyThreadsThenAllDistinct() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            runs.add(pool.submit(() -> {
                int clashes = 0;
                for (int i = 0; i < 50_000; i++) {
                    clashes += seen.add(ids.next(KeyPrefix.LOGIN_HISTORY)) ? 0 : 1;
                }
                return clashes;
            }));
        }
        int clashes = 0;
        for (Future<Integer> f : runs) {
            clashes += f.get();
        }
        pool.shutdown();

        assertThat(clashes).isZero();
        assertThat(seen).hasSize(400_000);
    }
}
