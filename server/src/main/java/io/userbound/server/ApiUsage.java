package io.userbound.server;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts record API calls per org and UTC day on this node, for the {@code Sforce-Limit-Info} header
 * ({@code api-usage=used/max}, which simple-salesforce reads) and the {@code limits} resource. Userbound does not
 * refuse calls over the allowance; the figures inform clients that pace themselves. Counts are node-local.
 */
final class ApiUsage {
    private final Clock clock;
    private final long dailyMax;
    private final Map<String, Day> days = new ConcurrentHashMap<>();

    private record Day(LocalDate date, AtomicLong used) {
    }

    ApiUsage(Clock clock, long dailyMax) {
        this.clock = clock;
        this.dailyMax = dailyMax;
    }

    /** Counts one call of the org. @return the header value {@code api-usage=used/max} */
    String record(String orgId) {
        long used = day(orgId).used.incrementAndGet();
        return "api-usage=" + used + "/" + dailyMax;
    }

    /** The {@code limits} resource: {@code DailyApiRequests} with {@code Max} and {@code Remaining}. */
    Map<String, Object> limits(String orgId) {
        long used = day(orgId).used.get();
        Map<String, Object> daily = new LinkedHashMap<>();
        daily.put("Max", dailyMax);
        daily.put("Remaining", Math.max(0, dailyMax - used));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DailyApiRequests", daily);
        return out;
    }

    private Day day(String orgId) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return days.compute(orgId, (k, d) -> d == null || !d.date.equals(today) ? new Day(today, new AtomicLong())
                : d);
    }
}
