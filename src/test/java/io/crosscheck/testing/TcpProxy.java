package io.crosscheck.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 between the application and a real PostgreSQL, so a test can make the database
 * unreachable and reachable again without stopping a server others share: {@link #cut()} stops listening and drops
 * every forwarded connection (the pool's connections break mid-use, new ones are refused, as when PostgreSQL goes
 * down); {@link #open()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    private TcpProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    /** A proxy to the host and port of this JDBC URL, on a free local port, not yet listening. */
    public static TcpProxy closedTo(String jdbcUrl) throws IOException {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), probe.getLocalPort());
        }
    }

    /** A proxy to the host and port of this JDBC URL, listening. */
    public static TcpProxy openTo(String jdbcUrl) throws IOException {
        TcpProxy proxy = closedTo(jdbcUrl);
        proxy.open();
        return proxy;
    }

    /** The JDBC URL with its host and port replaced by the proxy's. */
    public String rewrite(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String rest = jdbcUrl.substring(jdbcUrl.indexOf('/', "jdbc:postgresql://".length()));
        return "jdbc:" + uri.getScheme() + "://127.0.0.1:" + port + rest;
    }

    public synchronized void open() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops listening and drops every connection that goes through the proxy. */
    public synchronized void cut() {
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
        live.forEach(TcpProxy::closeQuietly);
        live.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                live.add(client);
                live.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException targetDown) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed: the finally drops the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
            }
        }, "tcp-proxy-pump-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
