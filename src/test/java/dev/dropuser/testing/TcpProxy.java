package dev.dropuser.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy whose link can be cut and restored, to give one signaling node a bad network to
 * Redis while everything else keeps working.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean loseReplies;
    private volatile boolean closed;
    private volatile boolean lost;

    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + port();
    }

    /** Drops every connection through the proxy and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /**
     * From now on every script call still reaches Redis, but its reply is lost: the connection that carried it
     * is closed when the reply comes, as when a network dies between a command and its answer. Other commands
     * (a new connection's handshake, say) pass as usual.
     */
    public void loseReplies() {
        loseReplies = true;
    }

    /** Reports whether a reply was lost since {@link #loseReplies()}. */
    public boolean lostAReply() {
        return lost;
    }

    public void restore() {
        cut = false;
        loseReplies = false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                AtomicBoolean scriptSent = new AtomicBoolean();
                pump(client, upstream, scriptSent, false);
                pump(upstream, client, scriptSent, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean scriptSent, boolean replies) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!replies && loseReplies && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT).contains("EVALSHA")) {
                        scriptSent.set(true);
                    }
                    if (replies && scriptSent.get()) {
                        lost = true;
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the link was cut or closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
