package dev.edgedeploy.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.assets.ContentTypes;
import dev.edgedeploy.core.compress.CompressionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentBuildIdTest {

    @TempDir
    Path temp;

    private Path dist;
    private CompressionSettings compression;

    @BeforeEach
    void writeDist() throws IOException {
        dist = Files.createDirectories(temp.resolve("dist"));
        Files.writeString(dist.resolve("index.js"), "import('./a.js');");
        Files.writeString(dist.resolve("a.js"), "export default 1;");
        compression = CompressionSettings.defaults(temp.resolve("cache"));
    }

    private BuildId id(CompressionSettings settings) {
        return ContentBuildId.of(dist, "index.js", ContentTypes.standard(), settings);
    }

    @Test
    void isStableForTheSameContent() throws IOException {
        BuildId first = id(compression);
        assertThat(first.value()).matches("c-[0-9a-f]{20}");
        Path copy = Files.createDirectories(temp.resolve("copy"));
        Files.copy(dist.resolve("index.js"), copy.resolve("index.js"));
        Files.copy(dist.resolve("a.js"), copy.resolve("a.js"));
        assertThat(ContentBuildId.of(copy, "index.js", ContentTypes.standard(), compression)).isEqualTo(first);
    }

    @Test
    void changesWithAnyFileOrName() throws IOException {
        BuildId before = id(compression);
        Files.writeString(dist.resolve("a.js"), "export default 2;");
        BuildId changedContent = id(compression);
        Files.move(dist.resolve("a.js"), dist.resolve("b.js"));
        assertThat(changedContent).isNotEqualTo(before);
        assertThat(id(compression)).isNotEqualTo(changedContent).isNotEqualTo(before);
    }

    @Test
    void changesWithTheCompressionThatDecidesTheStoredBytes() {
        assertThat(id(new CompressionSettings(6, true, 11, temp))).isNotEqualTo(id(compression));
        assertThat(id(new CompressionSettings(9, false, 11, temp))).isNotEqualTo(id(compression));
    }

    @Test
    void validatesTheOutputLikePackaging() throws IOException {
        Files.writeString(dist.resolve("x.gz"), "x");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> id(compression)).problems())
                .singleElement().satisfies(p -> assertThat(p.subject()).isEqualTo("x.gz"));
    }
}
