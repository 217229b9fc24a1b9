package dev.edgedeploy.core.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.build.BuildId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputScannerTest {

    private static final BuildId BUILD = BuildId.of("20261124-a1b2c3d");

    @TempDir
    Path temp;

    private final OutputScanner scanner = new OutputScanner(ContentTypes.standard());

    private Path dist() throws IOException {
        Path dist = temp.resolve("dist");
        Files.createDirectories(dist);
        write(dist, "index.js", "import('./chunk.js');");
        return dist;
    }

    private static Path write(Path dist, String name, String content) throws IOException {
        Path file = dist.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private List<Problem> problems(Path dist, String entry) {
        return catchThrowableOfType(InvalidInputException.class, () -> scanner.scan(dist, entry, BUILD)).problems();
    }

    private List<Problem> problems(Path dist) {
        return problems(dist, "index.js");
    }

    @Test
    void acceptsTypicalWebpackOutputSortedWithContentTypes() throws IOException {
        Path dist = dist();
        write(dist, "vendors-node_modules_@babel_runtime_helpers_esm_x_js.8f3a.js", "x");
        write(dist, "123.8f3a.js.LICENSE.txt", "MIT");
        write(dist, "static/media/logo.4c1e.png", "png");
        write(dist, "index.js.map", "{}");

        DistOutput output = scanner.scan(dist, "index.js", BUILD);

        assertThat(output.entry().name()).isEqualTo("index.js");
        assertThat(output.files()).extracting(DistFile::name).containsExactly("123.8f3a.js.LICENSE.txt",
                "index.js", "index.js.map", "static/media/logo.4c1e.png",
                "vendors-node_modules_@babel_runtime_helpers_esm_x_js.8f3a.js");
        assertThat(output.files()).extracting(f -> f.contentType().mediaType()).containsExactly(
                "text/plain; charset=utf-8", "application/javascript; charset=utf-8", "application/json",
                "image/png", "application/javascript; charset=utf-8");
        assertThat(output.files().get(0).size()).isEqualTo(3);
    }

    @Test
    void rejectsMissingOutputDirectory() {
        assertThat(problems(temp.resolve("nowhere"))).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo(OutputScanner.DIST_SETTING);
            assertThat(p.what()).contains("does not exist");
        });
    }

    @Test
    void rejectsEmptyOutputDirectory() throws IOException {
        Path dist = Files.createDirectories(temp.resolve("empty/sub"));
        assertThat(problems(dist.getParent())).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo(OutputScanner.DIST_SETTING);
            assertThat(p.what()).contains("holds no files");
        });
    }

    @Test
    void rejectsMissingEntryNamingTheSettingAndTheCandidates() throws IOException {
        Path dist = dist();
        assertThat(problems(dist, "main.js")).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo(OutputScanner.ENTRY_SETTING);
            assertThat(p.what()).contains("'main.js' is not in");
            assertThat(p.fix()).contains("index.js");
        });
    }

    @Test
    void rejectsEntrySettingWithDotDotSegment() throws IOException {
        assertThat(problems(dist(), "../index.js")).anySatisfy(p -> {
            assertThat(p.subject()).isEqualTo(OutputScanner.ENTRY_SETTING);
            assertThat(p.what()).contains("'..' segment");
        });
    }

    @Test
    void rejectsEntrySettingWithLeadingSlash() throws IOException {
        assertThat(problems(dist(), "/index.js")).anySatisfy(p -> {
            assertThat(p.subject()).isEqualTo(OutputScanner.ENTRY_SETTING);
            assertThat(p.what()).contains("starts with '/'");
        });
    }

    @Test
    void rejectsEntrySettingWithEmptyOrDotSegment() throws IOException {
        assertThat(problems(dist(), "js//index.js")).anySatisfy(p -> assertThat(p.what()).contains("empty, '.'"));
        assertThat(problems(dist(), "./index.js")).anySatisfy(p -> assertThat(p.what()).contains("empty, '.'"));
    }

    @Test
    void rejectsSymlinkToAFile() throws IOException {
        Path dist = dist();
        Files.createSymbolicLink(dist.resolve("alias.js"), dist.resolve("index.js"));
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("alias.js");
            assertThat(p.what()).contains("symbolic link to the file");
        });
    }

    @Test
    void rejectsSymlinkEscapingTheOutputDirectory() throws IOException {
        Path dist = dist();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        write(outside, "secret.js", "secret");
        Files.createSymbolicLink(dist.resolve("lib"), outside);

        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("lib");
            assertThat(p.what()).contains("symbolic link to the directory").contains("outside the output directory");
        });
    }

    @Test
    void rejectsDanglingSymlink() throws IOException {
        Path dist = dist();
        Files.createSymbolicLink(dist.resolve("gone.js"), dist.resolve("missing.js"));
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("gone.js");
            assertThat(p.what()).contains("dangling");
        });
    }

    @Test
    void rejectsSpecialFiles() throws Exception {
        Path dist = dist();
        Path fifo = dist.resolve("pipe.js");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");

        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("pipe.js");
            assertThat(p.what()).contains("not a regular file");
        });
    }

    @Test
    void rejectsControlCharactersAndPrintsThemEscaped() throws IOException {
        Path dist = dist();
        write(dist, "evil\nname.js", "x");
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("evil\\u000aname.js");
            assertThat(p.what()).contains("control characters [U+000A]");
        });
    }

    @Test
    void rejectsBackslashInName() throws IOException {
        Path dist = dist();
        write(dist, "js\\app.js", "x");
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("js\\app.js");
            assertThat(p.what()).contains("backslash");
        });
    }

    @Test
    void rejectsPercentEncodedDotDotThroughTheCharacterSet() throws IOException {
        Path dist = dist();
        write(dist, "%2e%2e/app.js", "x");
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("%2e%2e/app.js");
            assertThat(p.what()).contains("outside the safe set").contains("'%'");
        });
    }

    @Test
    void rejectsCharactersOutsideTheSafeSet() throws IOException {
        Path dist = dist();
        write(dist, "my app?.js", "x");
        assertThat(problems(dist)).singleElement().satisfies(p -> assertThat(p.what()).contains("' '", "'?'"));
    }

    @Test
    void rejectsPlusWhichSomeLayersDecodeAsASpace() throws IOException {
        Path dist = dist();
        write(dist, "chunk+vendor.js", "x");
        assertThat(problems(dist)).singleElement().satisfies(p -> assertThat(p.what()).contains("'+'"));
    }

    @Test
    void rejectsKeysLongerThan1024Bytes() throws IOException {
        Path dist = dist();
        String segment = "d".repeat(200);
        String name = String.join("/", segment, segment, segment, segment, segment) + "/app.js";
        write(dist, name, "x");
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo(name);
            assertThat(p.what()).contains("S3 allows 1024");
        });
    }

    @Test
    void acceptsAKeyOfExactly1024BytesIncludingTheVariantSuffix() throws IOException {
        Path dist = dist();
        int prefix = ("assets/" + BUILD.value() + "/").length();
        int nameLength = 1024 - prefix - ".br".length();
        String segment = "d".repeat(200);
        String dirs = String.join("/", segment, segment, segment, segment) + "/";
        String name = dirs + "a".repeat(nameLength - dirs.length() - 3) + ".js";
        write(dist, name, "x");
        assertThat(scanner.scan(dist, "index.js", BUILD).files()).extracting(DistFile::name).contains(name);
    }

    @Test
    void rejectsNamesDifferingOnlyInCase() throws IOException {
        Path dist = dist();
        write(dist, "App.js", "a");
        write(dist, "app.js", "b");
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("app.js");
            assertThat(p.what()).contains("equals 'App.js' ignoring letter case");
        });
    }

    @Test
    void rejectsNamesEqualUnderUnicodeNormalisation() throws IOException {
        Path dist = dist();
        write(dist, "file.js", "a");
        write(dist, "\ufb01le.js", "b"); // the "fi" ligature: NFKC makes it "file.js"
        assertThat(problems(dist)).anySatisfy(p -> {
            assertThat(p.subject()).isEqualTo("\ufb01le.js");
            assertThat(p.what()).contains("equals 'file.js'").contains("Unicode normalisation");
        });
    }

    @Test
    void rejectsUnknownExtensionsNamingTheAllowList() throws IOException {
        Path dist = dist();
        write(dist, "movie.mp4", "x");
        write(dist, "LICENSE", "x");
        assertThat(problems(dist)).satisfiesExactly(
                p -> {
                    assertThat(p.subject()).isEqualTo("LICENSE");
                    assertThat(p.what()).contains("no extension");
                },
                p -> {
                    assertThat(p.subject()).isEqualTo("movie.mp4");
                    assertThat(p.what()).contains(".mp4 has no known content type");
                    assertThat(p.fix()).contains("<contentTypes><mp4>");
                });
    }

    @Test
    void acceptsExtensionsFromTheAllowList() throws IOException {
        Path dist = dist();
        write(dist, "movie.mp4", "x");
        DistOutput output = new OutputScanner(ContentTypes.withExtras(Map.of("mp4", "video/mp4")))
                .scan(dist, "index.js", BUILD);
        assertThat(output.files()).filteredOn(f -> f.name().equals("movie.mp4")).singleElement()
                .satisfies(f -> assertThat(f.contentType()).isEqualTo(new ContentType("mp4", "video/mp4", false)));
    }

    @Test
    void rejectsReservedCompressionSuffixes() throws IOException {
        Path dist = dist();
        write(dist, "app.js.gz", "x");
        write(dist, "app.js.br", "x");
        assertThat(problems(dist)).filteredOn(p -> p.what().contains("reserved for the compressed variants"))
                .extracting(Problem::subject).containsExactly("app.js.br", "app.js.gz");
    }

    @Test
    void rejectsTheReservedManifestName() throws IOException {
        Path dist = dist();
        write(dist, "_edge-manifest.json", "{}");
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("_edge-manifest.json");
            assertThat(p.what()).contains("reserved for the build's manifest");
        });
    }

    @Test
    void rejectsAnEntryThatIsNotUtf8() throws IOException {
        Path dist = dist();
        Files.write(dist.resolve("index.js"), new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'});
        assertThat(problems(dist)).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("index.js");
            assertThat(p.what()).contains("not valid UTF-8");
        });
    }

    @Test
    void listsEveryProblemAtOnce() throws IOException {
        Path dist = temp.resolve("dist");
        write(dist, "main.js", "x");
        write(dist, "a b.js", "x");
        write(dist, "style.css.gz", "x");
        write(dist, "data.bin", "x");
        Files.createSymbolicLink(dist.resolve("link.js"), dist.resolve("main.js"));

        InvalidInputException failure = catchThrowableOfType(InvalidInputException.class,
                () -> scanner.scan(dist, "index.js", BUILD));

        assertThat(failure.problems()).extracting(Problem::subject).containsExactlyInAnyOrder(
                "a b.js", "data.bin", "link.js", "style.css.gz", OutputScanner.ENTRY_SETTING);
        assertThat(failure.getMessage()).contains("(5 problems)", "Fix:");
        assertThat(Files.readString(dist.resolve("main.js"), StandardCharsets.UTF_8)).isEqualTo("x");
    }
}
