package io.userbound.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Salesforce's date-time format on the wire: {@code 2026-11-28T18:00:00.000+0000}, always UTC. */
public final class Dates {
    private static final DateTimeFormatter SALESFORCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private Dates() {
    }

    /** @return the formatted instant, or null for null */
    public static String format(Instant instant) {
        return instant == null ? null : SALESFORCE.format(instant);
    }

    /** ISO-8601 to the second ({@code 2026-11-28T18:00:00Z}), as OpenID Connect's userinfo shows times. */
    public static String isoSeconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
