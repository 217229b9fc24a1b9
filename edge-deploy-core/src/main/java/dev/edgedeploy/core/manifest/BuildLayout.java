package dev.edgedeploy.core.manifest;

import dev.edgedeploy.core.build.BuildId;

/** Where a build's objects live in a bucket: the one home of every key shape. */
public final class BuildLayout {

    public static final String ASSETS_ROOT = "assets/";
    public static final String MANIFEST_NAME = "_edge-manifest.json";

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
}
