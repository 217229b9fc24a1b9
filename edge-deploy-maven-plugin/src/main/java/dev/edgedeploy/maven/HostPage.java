package dev.edgedeploy.maven;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgedeploy.sandbox.LoopbackHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A third-party site for trying the widget: a directory of static files served on its own loopback port, so the page
 * has another origin than the edge front it embeds the widget from. In {@code .html} files
 * {@value #ENTRY_URL_PLACEHOLDER} becomes the edge front's entry URL, which changes from run to run.
 */
public final class HostPage implements AutoCloseable {

    /** What a host page writes where the widget's script URL goes. */
    static final String ENTRY_URL_PLACEHOLDER = "{{edgeDeploy.entryUrl}}";
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");

    private final HttpServer server;

    private HostPage(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code directory} on a free loopback port, {@code entryUrl} filled into its pages. */
    public static HostPage serve(Path directory, URI entryUrl) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> answer(exchange, root, entryUrl.toString()));
            server.start();
            return new HostPage(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the host page " + root, e);
        }
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI url() {
        return LoopbackHttp.endpoint(server).resolve("/");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, Path root, String entryUrl) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve((path.endsWith("/") ? path + "index.html" : path).substring(1)).normalize();
            boolean readable = file.startsWith(root) && Files.isRegularFile(file);
            if (!exchange.getRequestMethod().equals("GET") || !readable) {
                byte[] text = "not found".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, text.length);
                exchange.getResponseBody().write(text);
                return;
            }
            String name = file.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            byte[] body = Files.readAllBytes(file);
            if (extension.equals("html")) {
                body = new String(body, StandardCharsets.UTF_8).replace(ENTRY_URL_PLACEHOLDER, entryUrl)
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPES.getOrDefault(extension,
                    "application/octet-stream"));
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}
