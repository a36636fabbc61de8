package io.userbound.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 12, part 2: client text in a message or an exception message cannot forge a log line. */
class NeutralizedConvertersTest {
    @Test
    void whenAMessageHoldsCrLfThenTheLineStaysOneLine() {
        LoggingEvent event = new LoggingEvent("x", new LoggerContext().getLogger("t"), Level.WARN,
                "refused user {}", null, new Object[] {"evil\r\n12:00:00.000 INFO forged"});
        NeutralizedMessageConverter converter = new NeutralizedMessageConverter();

        assertThat(converter.convert(event)).isEqualTo("refused user evil\\r\\n12:00:00.000 INFO forged");
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheServerLogConfigurationLogsHostileTextThenEachEventIsOneLineWithItsStackTrace() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        configure(context);
        // the configured console's encoder (the file's pattern and conversion rules), writing to a buffer
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        OutputStreamAppender<ILoggingEvent> buffer = new OutputStreamAppender<>();
        buffer.setContext(context);
        buffer.setEncoder(console.getEncoder());
        buffer.setOutputStream(out);
        buffer.start();
        root.detachAppender(console);
        root.addAppender(buffer);
        Logger log = context.getLogger("io.userbound.security");

        log.warn("refused {}", "a\nb\u0000c");
        log.warn("failed", new IllegalStateException("bad input\r\nINFO forged",
                new IllegalArgumentException("cause\u2028line")));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).endsWith("refused a\\nb\\u0000c");
        assertThat(lines[1]).endsWith("failed");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: bad input\\r\\nINFO forged");
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .isEqualTo("Caused by: java.lang.IllegalArgumentException: cause\\u2028line"));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("\r", "\u0000", "\u2028"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("INFO forged"));
    }

    private static void configure(LoggerContext context) throws JoranException {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(NeutralizedConvertersTest.class.getResource("/logback.xml"));
    }
}
