package dev.edgedeploy.sandbox.route53;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's Route53 name servers on loopback UDP. A real resolver's position decides which latency record it
 * gets; here the position is explicit: every listener (its own port) stands for viewers in one AWS region, so an
 * edge location that should behave as if it were in eu-west-1 is given the address of the eu-west-1 listener.
 */
final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int MAX_QUERY = 65535;

    private final DnsResponder responder;
    private final List<Listener> listeners = new ArrayList<>();
    private boolean closed;

    DnsServer(DnsResponder responder) {
        this.responder = responder;
    }

    /** Opens a listener on 127.0.0.1 (ephemeral port) for viewers in {@code viewerRegion}. */
    synchronized InetSocketAddress listen(String viewerRegion, String label) {
        if (closed) {
            throw new IllegalStateException("the DNS server is closed");
        }
        if (!RegionProximity.isKnown(viewerRegion)) {
            throw new IllegalArgumentException("unknown viewer region " + viewerRegion + "; known: "
                    + RegionProximity.REGIONS);
        }
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Listener listener = new Listener(socket, viewerRegion, label);
            listeners.add(listener);
            listener.start();
            return (InetSocketAddress) socket.getLocalSocketAddress();
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot open a loopback UDP socket for the sandbox DNS server", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Listener listener : listeners) {
            listener.socket.close();
        }
        for (Listener listener : listeners) {
            try {
                listener.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the sandbox DNS server", e);
            }
        }
        listeners.clear();
    }

    private final class Listener extends Thread {

        private final DatagramSocket socket;
        private final String viewerRegion;

        Listener(DatagramSocket socket, String viewerRegion, String label) {
            super("route53-dns-" + label);
            setDaemon(true);
            this.socket = socket;
            this.viewerRegion = viewerRegion;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[MAX_QUERY];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
                    Optional<byte[]> response = responder.respond(query, viewerRegion);
                    if (response.isPresent()) {
                        socket.send(new DatagramPacket(response.get(), response.get().length,
                                packet.getSocketAddress()));
                    }
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // The client times out as on a lost packet; the listener keeps serving the others.
                    LOG.warn("sandbox DNS: no answer to a query from {}", packet.getSocketAddress(), e);
                }
            }
        }
    }
}
