package io.userbound.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of another address, which a test can {@link #cut()} (every connection
 * through it is reset and new ones are refused, as when a database host or its network goes away) and
 * {@link #restore()} on the same port. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {
    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    TcpProxy(String targetHost, int targetPort) {
        this.port = Node.freePort();
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        restore();
    }

    int port() {
        return port;
    }

    /** Resets every connection through the proxy and refuses new ones until {@link #restore()}. */
    synchronized void cut() {
        ServerSocket l = listener;
        listener = null;
        closeQuietly(l);
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(s);
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket l = new ServerSocket();
            l.setReuseAddress(true);
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = l;
            Thread t = new Thread(() -> accept(l), "tcp-proxy-" + port);
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    private void accept(ServerSocket l) {
        while (!l.isClosed()) {
            Socket client;
            try {
                client = l.accept();
            } catch (IOException e) {
                return;
            }
            Socket server;
            try {
                server = new Socket(targetHost, targetPort);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(server);
            pipe(client, server);
            pipe(server, client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
