package dev.edgedeploy.core.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

    private final ContentTypes standard = ContentTypes.standard();

    @Test
    void mapsWebpackOutputExtensionsToExplicitTypes() {
        assertThat(standard.forName("index.js")).hasValue(
                new ContentType("js", "application/javascript; charset=utf-8", true));
        assertThat(standard.forName("a/b/app.MJS").orElseThrow().mediaType()).isEqualTo(
                "application/javascript; charset=utf-8");
        assertThat(standard.forName("main.css").orElseThrow().mediaType()).isEqualTo("text/css; charset=utf-8");
        assertThat(standard.forName("index.js.map").orElseThrow().mediaType()).isEqualTo("application/json");
        assertThat(standard.forName("1.js.LICENSE.txt").orElseThrow().mediaType())
                .isEqualTo("text/plain; charset=utf-8");
        assertThat(standard.forName("logo.svg").orElseThrow().mediaType()).isEqualTo("image/svg+xml");
        assertThat(standard.forName("favicon.ico").orElseThrow().mediaType()).isEqualTo("image/x-icon");
        assertThat(standard.forName("f.woff2").orElseThrow().mediaType()).isEqualTo("font/woff2");
        assertThat(standard.forName("photo.jpeg").orElseThrow().mediaType()).isEqualTo("image/jpeg");
        assertThat(standard.forName("README")).isEmpty();
        assertThat(standard.forName("movie.mp4")).isEmpty();
    }

    @Test
    void compressesTextLikeTypesOnly() {
        assertThat(standard.compressibleExtensions()).contains("css", "html", "js", "json", "map", "mjs", "svg",
                "txt", "wasm", "ttf", "otf", "ico").doesNotContain("png", "jpg", "jpeg", "webp", "avif", "gif",
                "woff", "woff2").isSorted();
    }

    @Test
    void extendsAndOverridesTheTableFromTheAllowList() {
        ContentTypes types = ContentTypes.withExtras(Map.of(".MP4", "video/mp4", "js", "text/javascript",
                "glsl", "text/x-glsl; charset=utf-8"));
        assertThat(types.forName("a.mp4")).hasValue(new ContentType("mp4", "video/mp4", false));
        assertThat(types.forName("a.js")).hasValue(new ContentType("js", "text/javascript", true));
        assertThat(types.forName("a.glsl").orElseThrow().compressible()).isTrue();
        assertThat(types.compressibleExtensions()).contains("glsl").doesNotContain("mp4");
    }

    @Test
    void rejectsEveryInvalidAllowListEntry() {
        InvalidInputException failure = catchThrowableOfType(InvalidInputException.class,
                () -> ContentTypes.withExtras(Map.of("m p4", "video/mp4", "gz", "application/gzip",
                        "x", "not a type", "y", "text/plain\nX-Injected: 1")));
        assertThat(failure.problems()).extracting(Problem::subject).containsExactly(
                "<contentTypes><gz>", "<contentTypes><m p4>", "<contentTypes><x>", "<contentTypes><y>");
        assertThat(failure.problems().get(0).what()).contains("reserved");
    }
}
