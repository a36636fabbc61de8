package io.userbound.server.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.userbound.core.model.AuditText;

/**
 * Logback's {@code %msg} with control characters neutralized ({@link AuditText}), so a value a client sent (a
 * username, a user agent, a consumer key) can never end a log line and forge the next one. Registered as
 * {@code %safeMsg} in the server's and the CLI's Logback configuration.
 */
public final class NeutralizedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return AuditText.neutralize(super.convert(event));
    }
}
