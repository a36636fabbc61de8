package io.userbound.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately small HTTP/1.1 keep-alive client for the load generator: one socket, pre-serialised requests,
 * Content-Length framed replies. It costs far less CPU than a general-purpose client, so on a 2-core machine more of
 * the cores go to the server under test.
 */
final class LoopbackHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head = new byte[8192];

    LoopbackHttp(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    /** Serialises a form POST once; the bytes are reused for the request. */
    static byte[] formPost(String host, int port, String path, String body) {
        return formPost(host, port, path, body, null);
    }

    /** Serialises a form POST with an {@code Authorization} header (null for none). */
    static byte[] formPost(String host, int port, String path, String body, String authorization) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        String h = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n";
        byte[] hb = h.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[hb.length + b.length];
        System.arraycopy(hb, 0, all, 0, hb.length);
        System.arraycopy(b, 0, all, hb.length, b.length);
        return all;
    }

    /** Serialises a request with a JSON body and an {@code Authorization} header. */
    static byte[] json(String method, String host, int port, String path, String json, String authorization) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        byte[] hb = (method + " " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[hb.length + b.length];
        System.arraycopy(hb, 0, all, 0, hb.length);
        System.arraycopy(b, 0, all, hb.length, b.length);
        return all;
    }

    /** Serialises a GET with an {@code Authorization} header; {@code pathAndQuery} must already be URL-encoded. */
    static byte[] get(String host, int port, String pathAndQuery, String authorization) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads the whole reply; returns the status code. The body is read and dropped. */
    int exchange(byte[] request) throws IOException {
        return exchange(request, null);
    }

    /**
     * Sends one request and reads the whole reply; returns the status code and, when {@code body} is not null, puts
     * the body into it (Content-Length framed or chunked).
     */
    int exchange(byte[] request, ByteArrayOutputStream body) throws IOException {
        out.write(request);
        out.flush();
        int n = 0;
        // read the head up to CRLFCRLF
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            head[n++] = (byte) c;
            if (n >= 4 && head[n - 1] == '\n' && head[n - 2] == '\r' && head[n - 3] == '\n' && head[n - 4] == '\r') {
                break;
            }
            if (n == head.length) {
                throw new IOException("response head too large");
            }
        }
        String headText = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headText.substring(9, 12));
        // RFC 9110 section 6.4.1: a 204 or 304 reply has no content and may carry no Content-Length
        int length = status == 204 || status == 304 ? 0 : contentLength(headText);
        if (length < 0) {
            if (headText.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                readChunked(body);
                return status;
            }
            throw new IOException("reply without Content-Length: " + headText);
        }
        if (body != null) {
            body.reset();
            copyFully(length, body);
        } else {
            skipFully(length);
        }
        return status;
    }

    private void copyFully(int length, ByteArrayOutputStream body) throws IOException {
        byte[] buf = new byte[Math.min(Math.max(length, 1), 8192)];
        int left = length;
        while (left > 0) {
            int n = in.read(buf, 0, Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("connection closed in body");
            }
            body.write(buf, 0, n);
            left -= n;
        }
    }

    private void readChunked(ByteArrayOutputStream body) throws IOException {
        if (body != null) {
            body.reset();
        }
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed in chunk header");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (body != null) {
                copyFully(size, body);
                skipFully(2);
            } else {
                skipFully(size + 2L);
            }
            if (size == 0) {
                return;
            }
        }
    }

    private void skipFully(long length) throws IOException {
        long skipped = 0;
        while (skipped < length) {
            long s = in.skip(length - skipped);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in body");
                }
                s = 1;
            }
            skipped += s;
        }
    }

    private static int contentLength(String head) {
        int i = 0;
        while (true) {
            int eol = head.indexOf("\r\n", i);
            if (eol < 0 || eol == i) {
                return -1;
            }
            String line = head.substring(i, eol);
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
            i = eol + 2;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
