package dev.edgedeploy.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;

/** Where a sandbox service's HTTP server listens, as a client's {@code endpointOverride} wants it. */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** {@code http://<loopback address>:<port>} of a started server. */
    public static URI endpoint(HttpServer server) {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }
}
