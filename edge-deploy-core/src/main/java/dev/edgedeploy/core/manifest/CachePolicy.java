package dev.edgedeploy.core.manifest;

/** The Cache-Control headers of a build's objects: the one home of both values. */
public final class CachePolicy {

    /** Every object under {@code assets/<buildId>/}: write-once, so caches may keep it for a year. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The manifest: read by tools, never cached stale. */
    public static final String MANIFEST = "no-cache";

    private CachePolicy() {
    }
}
