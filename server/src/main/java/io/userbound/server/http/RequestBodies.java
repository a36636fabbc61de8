package io.userbound.server.http;

import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Reads request bodies ourselves, so that chunked bodies and bodies with a Content-Length behave alike and a body is
 * never read past a route's limit; and parses {@code application/x-www-form-urlencoded} forms (RFC 6749 appendix B:
 * UTF-8 percent-decoding, {@code +} as space).
 */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** Thrown for a form whose percent-encoding is broken. */
    public static final class MalformedFormException extends RuntimeException {
        MalformedFormException(String message) {
            super(message, null, false, false);
        }
    }

    /** The body timeout of the application ({@link io.userbound.server.http.HttpLimits#bodyTimeout}). */
    public static final Key<Duration> BODY_TIMEOUT = new Key<>("userbound.bodyTimeout");

    /**
     * @return the whole body, at most {@code limit} bytes, read within the application's body timeout
     * @throws BodyTooLargeException when the body (declared or actual) is longer
     * @throws UnreadableBodyException when the body cannot be read to its end (broken chunked framing, the client
     *     stopped sending, a read timed out) or did not arrive within the body timeout
     */
    public static byte[] read(Context ctx, int limit) {
        ctx.attribute(BODY_READ, Boolean.TRUE);
        long deadline = System.nanoTime() + bodyTimeout(ctx).toNanos();
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) {
                drain(in);
                throw new BodyTooLargeException(limit);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 512);
            byte[] buf = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > limit) {
                    drain(in);
                    throw new BodyTooLargeException(limit);
                }
                out.write(buf, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    // a body trickling in, each piece inside the idle timeout, still ends at the body timeout
                    throw new UnreadableBodyException("the request body did not arrive within "
                            + bodyTimeout(ctx).toMillis() + " ms", true);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static final String BODY_READ = RequestBodies.class.getName() + ".read";

    /**
     * Asks for the connection to be closed after a reply that leaves the request's body unread (a refusal before the
     * body, such as a 401 on a POST with no valid session). Jetty can keep such a connection only if the whole body
     * has already arrived; if it has not, Jetty closes the connection after the reply, and a client that got no
     * {@code Connection: close} sends its next request into the closed socket. RFC 9112 section 9.6: a server that
     * does not intend to keep the connection sends the close option.
     */
    public static void closeIfBodyUnread(Context ctx) {
        if (ctx.attribute(BODY_READ) != null || ctx.res().isCommitted()) {
            return;
        }
        if (ctx.req().getContentLengthLong() > 0 || ctx.req().getHeader("Transfer-Encoding") != null) {
            ctx.header("Connection", "close");
        }
    }

    private static Duration bodyTimeout(Context ctx) {
        try {
            Duration configured = ctx.appData(BODY_TIMEOUT);
            return configured == null ? HttpLimits.DEFAULT_BODY_TIMEOUT : configured;
        } catch (RuntimeException e) {
            return HttpLimits.DEFAULT_BODY_TIMEOUT;
        }
    }

    /** What a failed read means for the client: a timeout (408) or a broken or cut-short body (400). */
    static UnreadableBodyException unreadable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return new UnreadableBodyException("the request body stopped arriving (idle timeout)", true);
            }
        }
        String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return new UnreadableBodyException("the request body could not be read to its end: " + why, false);
    }

    /**
     * Reads and drops the rest of a refused body, up to {@link #DRAIN_LIMIT}, so that the client, still sending, gets
     * the 413 on an intact connection instead of a reset. Beyond that the connection is given up.
     */
    private static void drain(InputStream in) {
        byte[] buf = new byte[16384];
        long seen = 0;
        try {
            int n;
            while (seen < DRAIN_LIMIT && (n = in.read(buf)) != -1) {
                seen += n;
            }
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
    }

    /** How much of a refused body is read and dropped before the 413 is sent. */
    static final long DRAIN_LIMIT = 32L * 1024 * 1024;

    /** True for {@code application/x-www-form-urlencoded} with any parameters ({@code ; charset=UTF-8}). */
    public static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi >= 0 ? contentType.substring(0, semi) : contentType).strip();
        return media.equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /**
     * Parses a form body. Names and values are percent-decoded as UTF-8; a pair without {@code =} is a name with an
     * empty value; empty pairs are skipped.
     *
     * @throws MalformedFormException when a {@code %} is not followed by two hex digits
     */
    public static Map<String, List<String>> parseForm(byte[] body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = 0;
        int len = text.length();
        while (start <= len) {
            int amp = text.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            if (end > start) {
                int eq = text.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = decode(text, start, end);
                    value = "";
                } else {
                    name = decode(text, start, eq);
                    value = decode(text, eq + 1, end);
                }
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return out;
    }

    private static String decode(String text, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '+' || c > 0x7f) {
                plain = false;
                break;
            }
        }
        String raw = text.substring(from, to);
        if (plain) {
            return raw;
        }
        // The body was read as ISO-8859-1 (one char per byte); raw non-ASCII bytes are UTF-8 too.
        String utf8 = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length(); i++) {
            if (utf8.charAt(i) == '%') {
                if (i + 2 >= utf8.length() || !isHex(utf8.charAt(i + 1)) || !isHex(utf8.charAt(i + 2))) {
                    throw new MalformedFormException("malformed percent-encoding in the form body");
                }
            }
        }
        try {
            return URLDecoder.decode(utf8, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedFormException("malformed percent-encoding in the form body");
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
