package dev.edgedeploy.core.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The buckets a build goes to: a primary in us-east-1 and any number of regional replicas. */
public record DeployTarget(BucketTarget primary, List<BucketTarget> replicas) {

    public static final String PRIMARY_REGION = "us-east-1";

    public DeployTarget {
        Objects.requireNonNull(primary, "primary");
        replicas = List.copyOf(replicas);
    }

    /** Primary first, then the replicas in the order configured. */
    public List<BucketTarget> all() {
        List<BucketTarget> all = new ArrayList<>(replicas.size() + 1);
        all.add(primary);
        all.addAll(replicas);
        return List.copyOf(all);
    }
}
