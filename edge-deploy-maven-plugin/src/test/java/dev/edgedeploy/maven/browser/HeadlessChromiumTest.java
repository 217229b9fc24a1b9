package dev.edgedeploy.maven.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgedeploy.sandbox.edge.EdgeFront;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser driver against two loopback origins: a host page, and a "CDN" that records what reaches it. */
class HeadlessChromiumTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    record Seen(String method, String path, String clientIp) {
    }

    @TempDir
    Path temporary;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer cdn;
    private HttpServer host;

    @BeforeEach
    void startOrigins() throws IOException {
        cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cdn.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(EdgeFront.CLIENT_IP_HEADER)));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/assets/index.js")) {
                respond(exchange, "text/javascript", """
                        const s = document.createElement('script');
                        s.src = new URL('/assets/b1/chunk.js', document.currentScript.src).href;
                        s.crossOrigin = 'anonymous';
                        document.head.appendChild(s);
                        """);
            } else if (path.equals("/assets/b1/chunk.js")) {
                respond(exchange, "text/javascript", """
                        const w = document.createElement('div');
                        w.id = 'edge-widget'; w.dataset.buildId = 'b1'; w.textContent = 'build b1';
                        document.body.appendChild(w);
                        fetch(new URL('/_edge-deploy/beacon', document.currentScript.src).href,
                            {method: 'POST', body: '{"buildId":"b1"}', headers: {'content-type': 'text/plain'}});
                        """);
            } else {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        });
        cdn.start();
        host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String page = "<!doctype html><html><body><h1>host</h1><script src=\"http://127.0.0.1:"
                + cdn.getAddress().getPort() + "/assets/index.js\" crossorigin=\"anonymous\"></script></body></html>";
        host.createContext("/", exchange -> respond(exchange, "text/html", page));
        host.start();
    }

    @AfterEach
    void stopOrigins() {
        cdn.stop(0);
        host.stop(0);
    }

    @Test
    void everyRequestOfAViewerCarriesItsClientIpWithoutACorsPreflight() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.launch(temporary.resolve("profile"))) {
            BrowserViewer viewer = chromium.viewer("198.51.100.7");

            viewer.load(URI.create("http://127.0.0.1:" + host.getAddress().getPort() + "/"), BOUND);

            assertThat(viewer.renderedBuild(BOUND)).isEqualTo("b1");
            waitForBeacon();
            assertThat(seen).extracting(Seen::method).doesNotContain("OPTIONS");
            assertThat(seen).extracting(Seen::path)
                    .contains("/assets/index.js", "/assets/b1/chunk.js", "/_edge-deploy/beacon");
            assertThat(seen).extracting(Seen::clientIp).containsOnly("198.51.100.7");
            assertThat(viewer.fetched()).extracting(BrowserViewer.Fetched::url)
                    .anyMatch(url -> url.endsWith("/assets/b1/chunk.js"));
            Path shot = viewer.screenshot(temporary.resolve("shot.png"));
            assertThat(Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void viewersAreIsolatedAndEachKeepsItsOwnClientIp() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.launch(temporary.resolve("profile"))) {
            BrowserViewer first = chromium.viewer("203.0.113.1");
            BrowserViewer second = chromium.viewer("203.0.113.2");
            URI page = URI.create("http://127.0.0.1:" + host.getAddress().getPort() + "/");

            first.load(page, BOUND);
            second.load(page, BOUND);
            first.renderedBuild(BOUND);
            second.renderedBuild(BOUND);

            assertThat(seen).filteredOn(s -> s.path().equals("/assets/b1/chunk.js")).extracting(Seen::clientIp)
                    .containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2");
        }
    }

    private void waitForBeacon() throws InterruptedException {
        for (int i = 0; i < 600 && seen.stream().noneMatch(s -> s.path().equals("/_edge-deploy/beacon")); i++) {
            Thread.sleep(100);
        }
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
