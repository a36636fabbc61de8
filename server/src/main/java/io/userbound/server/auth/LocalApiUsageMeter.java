package io.userbound.server.auth;

import io.userbound.core.port.ApiUsageMeter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ApiUsageMeter} of one node: counts record API calls per org and UTC day in memory. Counts are
 * node-local (each node of a cluster reports its own) and start over with the process; no call is refused.
 */
public final class LocalApiUsageMeter implements ApiUsageMeter {
    private final Clock clock;
    private final long dailyMax;
    private final Map<String, Day> days = new ConcurrentHashMap<>();

    private record Day(LocalDate date, AtomicLong used) {
    }

    public LocalApiUsageMeter(Clock clock, long dailyMax) {
        this.clock = clock;
        this.dailyMax = dailyMax;
    }

    @Override
    public Usage record(String orgId, String appId) {
        return new Usage(day(orgId).used.incrementAndGet(), dailyMax);
    }

    @Override
    public Usage usage(String orgId) {
        return new Usage(day(orgId).used.get(), dailyMax);
    }

    private Day day(String orgId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return days.compute(orgId, (k, d) -> d == null || !d.date.equals(today) ? new Day(today, new AtomicLong())
                : d);
    }
}
