package dev.edgedeploy.core;

/** G3: an object of a build already exists remotely with different bytes. Nothing is overwritten. */
public final class ImmutableBuildException extends EdgeDeployException {

    public ImmutableBuildException(String region, String bucket, String key, String detail) {
        super("Build objects are write-once, but s3://" + bucket + "/" + key + " (" + region + ") already exists with"
                + " different content (" + detail + "). Nothing was overwritten. Fix: give this build a new buildId"
                + " (-DedgeDeploy.buildId=... or the git/content strategy) instead of reusing an existing one.");
    }

    @Override
    public boolean userFixable() {
        return true;
    }
}
