package dev.edgedeploy.core.manifest;

import dev.edgedeploy.core.build.BuildId;

/** Where a build's objects live in a bucket: the one home of every key shape. */
public final class BuildLayout {

    public static final String ASSETS_ROOT = "assets/";
    public static final String MANIFEST_NAME = "_edge-manifest.json";
    /** The bucket's own bookkeeping, outside every build's prefix (so never served as an asset of one). */
    public static final String CONTROL_ROOT = "_edge-deploy/";
    public static final String LATEST_COMMIT_KEY = CONTROL_ROOT + "latest-commit.json";

    private BuildLayout() {
    }

    /** {@code assets/<buildId>/}. */
    public static String prefix(BuildId buildId) {
        return ASSETS_ROOT + buildId.value() + "/";
    }

    /** {@code assets/<buildId>/<relativeName>} for a file of the build output. */
    public static String key(BuildId buildId, String relativeName) {
        return prefix(buildId) + relativeName;
    }

    /** {@code assets/<buildId>/_edge-manifest.json}: written last, per region; its presence commits the build. */
    public static String manifestKey(BuildId buildId) {
        return prefix(buildId) + MANIFEST_NAME;
    }

    /**
     * {@code _edge-deploy/latest-commit.json}: the build committed last in this bucket, overwritten after each commit.
     * A hint of where unchanged objects can be copied from, never a guarantee: the uploader checks what it finds.
     */
    public static String latestCommitKey() {
        return LATEST_COMMIT_KEY;
    }
}
