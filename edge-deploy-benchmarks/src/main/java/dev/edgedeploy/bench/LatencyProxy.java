package dev.edgedeploy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that makes the network slow the way a far-away region is: every time the talk on a
 * connection changes direction (a request after a response, a response after a request) the first bytes of the new
 * turn wait half the round trip, so one HTTP exchange costs one round trip, a {@code 100 Continue} handshake a second
 * one, and a new connection one more (its TCP handshake). Bandwidth is not limited: with the round trip set, how
 * many requests are in flight at once decides, not how fast loopback copies bytes. Every tool goes through it.
 */
final class LatencyProxy implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final ServerSocket server;
    private final int upstreamPort;
    private final long halfRttNanos;
    private final ExecutorService threads = Executors.newCachedThreadPool(daemons());
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong exchanges = new AtomicLong();
    private volatile boolean closed;

    LatencyProxy(int upstreamPort, Duration roundTrip) throws IOException {
        this.upstreamPort = upstreamPort;
        this.halfRttNanos = roundTrip.toNanos() / 2;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** TCP connections opened through the proxy so far. */
    long connections() {
        return connections.get();
    }

    /** Client-to-server turns so far: one per HTTP request, two for a request that waited for 100 Continue. */
    long exchanges() {
        return exchanges.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("latency proxy: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            pause(2 * halfRttNanos); // the TCP handshake of a far-away server
            Socket upstream = new Socket();
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Turns turns = new Turns();
            threads.execute(() -> pump(client, upstream, turns, Direction.REQUEST));
            pump(upstream, client, turns, Direction.RESPONSE);
        } catch (IOException e) {
            closeQuietly(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to, Turns turns, Direction direction) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (turns.switchTo(direction)) {
                    if (direction == Direction.REQUEST) {
                        exchanges.incrementAndGet();
                    }
                    pause(halfRttNanos);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
            closeQuietly(from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void pause(long nanos) throws InterruptedException {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        threads.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a connection the other side already dropped
        }
    }

    private static java.util.concurrent.ThreadFactory daemons() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "latency-proxy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private enum Direction { REQUEST, RESPONSE }

    /** Which way the connection last talked. */
    private static final class Turns {
        private Direction last;

        synchronized boolean switchTo(Direction direction) {
            if (last == direction) {
                return false;
            }
            last = direction;
            return true;
        }
    }
}
