package dev.edgedeploy.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPageTest {

    private static final URI ENTRY = URI.create("http://127.0.0.1:40001/assets/index.js");

    @TempDir
    Path site;

    @Test
    void servesThePageOnItsOwnOriginWithTheEntryUrlFilledIn() throws Exception {
        Files.writeString(site.resolve("index.html"), "<script src=\"" + HostPage.ENTRY_URL_PLACEHOLDER
                + "\" async crossorigin=\"anonymous\"></script>");
        Files.writeString(site.resolve("app.js"), "// " + HostPage.ENTRY_URL_PLACEHOLDER);
        try (HostPage page = HostPage.serve(site, ENTRY)) {
            HttpResponse<String> html = get(page.url());
            HttpResponse<String> script = get(page.url().resolve("/app.js"));

            assertThat(page.url().getPort()).isNotEqualTo(ENTRY.getPort());
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(html.body()).isEqualTo("<script src=\"" + ENTRY + "\" async crossorigin=\"anonymous\"></script>");
            assertThat(script.body()).as("only pages are filled in").contains(HostPage.ENTRY_URL_PLACEHOLDER);
        }
    }

    @Test
    void answers404OutsideTheDirectoryAndForMissingFiles() throws Exception {
        Path inside = Files.createDirectory(site.resolve("site"));
        Files.writeString(site.resolve("secret.txt"), "not the page's");
        try (HostPage page = HostPage.serve(inside, ENTRY)) {
            assertThat(get(page.url().resolve("/missing.html")).statusCode()).isEqualTo(404);
            assertThat(rawGet(page.url(), "/../secret.txt")).startsWith("HTTP/1.1 404");
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request line as sent, since clients normalise away the dot segments. */
    private static String rawGet(URI base, String path) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
