package dev.edgedeploy.maven;

import dev.edgedeploy.core.upload.BucketTarget;

/** {@code <bucket><region>eu-west-1</region><name>my-assets-euw1</name></bucket>} in the plugin configuration. */
public class BucketParameter {

    /** The bucket's AWS region, e.g. {@code eu-west-1}; the one in {@code us-east-1} is the primary. */
    private String region;

    /** The bucket's name. */
    private String name;

    BucketTarget toCore() {
        return new BucketTarget(region == null ? "" : region.trim(), name == null ? "" : name.trim());
    }
}
