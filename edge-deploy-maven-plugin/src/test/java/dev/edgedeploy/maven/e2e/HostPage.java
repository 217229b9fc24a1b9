package dev.edgedeploy.maven.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Someone else's page embedding the widget: the example's {@code host/index.html} with its entry URL placeholder
 * filled in, served from an origin of its own (another loopback port than the edge front's), as any third-party site.
 */
final class HostPage implements AutoCloseable {

    /** The placeholder of the embed code's script URL in the example's host page. */
    static final String ENTRY_URL_PLACEHOLDER = "{{edgeDeploy.entryUrl}}";

    private final HttpServer server;

    private HostPage(HttpServer server) {
        this.server = server;
    }

    static HostPage serve(Path template, URI entryUrl) {
        try {
            String html = Files.readString(template, StandardCharsets.UTF_8);
            if (!html.contains(ENTRY_URL_PLACEHOLDER)) {
                throw new IllegalArgumentException(template + " has no " + ENTRY_URL_PLACEHOLDER + " to fill in");
            }
            byte[] page = html.replace(ENTRY_URL_PLACEHOLDER, entryUrl.toString()).getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    if (!exchange.getRequestURI().getPath().equals("/")) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                    exchange.sendResponseHeaders(200, page.length);
                    exchange.getResponseBody().write(page);
                }
            });
            server.start();
            return new HostPage(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the host page " + template, e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
