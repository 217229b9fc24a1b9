package dev.edgedeploy.core.assets;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the objects of one file extension are served.
 *
 * @param extension lowercase, without the dot ({@code js})
 * @param mediaType the Content-Type header ({@code application/javascript; charset=utf-8})
 * @param compressible true when gzip/brotli variants are worth storing (text-like formats; not already
 *     compressed images, woff/woff2 fonts)
 */
public record ContentType(String extension, String mediaType, boolean compressible) {

    /** Media types outside {@code text/*}, {@code +json} and {@code +xml} that still shrink under gzip. */
    private static final Set<String> COMPRESSIBLE_BASE_TYPES = Set.of(
            "application/javascript", "application/json", "application/xml", "application/wasm",
            "application/vnd.ms-fontobject", "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon",
            "image/bmp", "font/ttf", "font/otf");

    public ContentType {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** A content type whose compressibility follows from its media type: the one rule for built-ins and extras. */
    public static ContentType of(String extension, String mediaType) {
        return new ContentType(extension, mediaType, isCompressible(mediaType));
    }

    static boolean isCompressible(String mediaType) {
        String base = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.startsWith("text/") || base.endsWith("+json") || base.endsWith("+xml")
                || COMPRESSIBLE_BASE_TYPES.contains(base);
    }
}
