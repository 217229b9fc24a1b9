package dev.edgedeploy.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One object of a build as it is stored in every bucket.
 *
 * @param key full S3 key, {@code assets/<buildId>/...}
 * @param size bytes stored
 * @param sha256 lowercase hex SHA-256 of the stored bytes
 * @param contentType the Content-Type header
 * @param contentEncoding the Content-Encoding header ({@code gzip}, {@code br}); null for identity
 * @param cacheControl the Cache-Control header
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestObject(String key, long size, String sha256, String contentType, String contentEncoding,
        String cacheControl) {

    public ManifestObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(cacheControl, "cacheControl");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0 for " + key);
        }
    }
}
