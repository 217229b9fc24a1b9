package dev.edgedeploy.core.build;

import dev.edgedeploy.core.assets.ContentTypes;
import dev.edgedeploy.core.assets.DistFile;
import dev.edgedeploy.core.assets.DistOutput;
import dev.edgedeploy.core.assets.OutputScanner;
import dev.edgedeploy.core.assets.Sha256;
import dev.edgedeploy.core.compress.CompressionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The {@code content} buildId strategy: {@code c-<20 hex>} from the SHA-256 over everything that decides the
 * stored bytes: each file's name, content and Content-Type, the entry, and the compression settings. The same
 * output packaged the same way gets the same id, so re-deploying it is a no-op; anything that would change a
 * stored object changes the id, so G3 (write-once builds) never trips over it.
 */
public final class ContentBuildId {

    public static final String PREFIX = "c-";
    public static final int HEX_CHARS = 20;
    /** An id of the length every content id has, for the key-length rule while the real id is not known yet. */
    private static final BuildId SAME_LENGTH = BuildId.of(PREFIX + "0".repeat(HEX_CHARS));

    private ContentBuildId() {
    }

    /**
     * Validates the output exactly as packaging does (every problem reported) and hashes it.
     *
     * @throws dev.edgedeploy.core.InvalidInputException listing every problem of the output
     */
    public static BuildId of(Path distDirectory, String entry, ContentTypes contentTypes,
            CompressionSettings compression) {
        DistOutput output = new OutputScanner(contentTypes).scan(distDirectory, entry, SAME_LENGTH);
        MessageDigest digest = Sha256.newDigest();
        update(digest, "edge-deploy content id 1\n");
        update(digest, "entry\0" + output.entry().name() + "\n");
        update(digest, "gzip\0" + compression.gzipLevel() + "\n");
        update(digest, "br\0" + (compression.brotli() ? String.valueOf(compression.brotliQuality()) : "off") + "\n");
        for (DistFile file : output.files()) {
            update(digest, file.name() + "\0" + Sha256.hex(file.path()) + "\0" + file.contentType().mediaType() + "\n");
        }
        return BuildId.of(PREFIX + HexFormat.of().formatHex(digest.digest()).substring(0, HEX_CHARS));
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }
}
