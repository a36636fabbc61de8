package io.userbound.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw TCP connection to a test server, for what an HTTP client library will not send: broken chunked framing,
 * bodies cut short, headers trickled a byte at a time, sockets that never send anything, a chosen source address.
 */
final class RawHttp implements AutoCloseable {
    /** A reply as read off the wire. */
    record Reply(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Connects to 127.0.0.1:{@code port}. */
    static RawHttp connect(int port) {
        return connect(port, null);
    }

    /** Connects to 127.0.0.1:{@code port} from {@code source} (any 127.x.y.z works on Linux); null for any. */
    static RawHttp connect(int port, String source) {
        try {
            Socket s = new Socket();
            if (source != null) {
                s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setTcpNoDelay(true);
            return new RawHttp(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawHttp send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends, reporting instead of throwing when the server has already closed the connection. */
    boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Ends the request stream (the client "stops sending"): the server reads end-of-file. */
    RawHttp halfClose() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one reply within {@code timeout}.
     *
     * @return the reply; null when the server closed the connection without one
     * @throws AssertionError when nothing complete arrived in time
     */
    Reply read(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            String head = head(in);
            if (head == null) {
                return null;
            }
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            String body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked(in);
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new Reply(status, headers, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Waits for the server to close the connection.
     *
     * @return true when it closed within {@code timeout} (any bytes it sent first are skipped)
     */
    boolean closedWithin(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) != -1) {
                // skip a reply, if any
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            out.write(b);
            byte[] a = out.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return new String(a, 0, n - 4, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b == -1) {
                    throw new IOException("chunked reply cut short");
                }
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int n = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (n == 0) {
                in.readNBytes(2);
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
