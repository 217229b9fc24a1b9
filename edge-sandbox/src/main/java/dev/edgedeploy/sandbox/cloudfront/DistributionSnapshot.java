package dev.edgedeploy.sandbox.cloudfront;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A distribution as its edge locations serve it at one instant. While a change propagates CloudFront serves a mix:
 * some locations still apply an older configuration, others already the new one. {@link #configsInService()} holds
 * every configuration a viewer may meet now, oldest first, the current one last; once the distribution is
 * Deployed it holds only the current one.
 *
 * @param id the distribution id
 * @param arn {@code arn:aws:cloudfront::<account>:distribution/<id>}
 * @param domainName e.g. {@code d1a2b3c4d5e6f7.cloudfront.net}
 * @param status {@code InProgress} or {@code Deployed}
 * @param etag the current configuration's ETag
 * @param current the configuration last accepted
 * @param configsInService the configurations viewers may meet now, oldest first, ending with {@code current}
 * @param lastModified when the current configuration was accepted
 * @param deployedAt when the last change is (or was) fully propagated
 */
public record DistributionSnapshot(String id, String arn, String domainName, String status, String etag,
        DistributionConfig current, List<DistributionConfig> configsInService, Instant lastModified,
        Instant deployedAt) {

    public static final String IN_PROGRESS = "InProgress";
    public static final String DEPLOYED = "Deployed";

    public DistributionSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(current, "current");
        configsInService = List.copyOf(configsInService);
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(deployedAt, "deployedAt");
    }

    public boolean isDeployed() {
        return DEPLOYED.equals(status);
    }
}
