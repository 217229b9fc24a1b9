package dev.edgedeploy.core.bootstrap;

import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.release.DistributionAssociation;
import dev.edgedeploy.core.upload.BucketTarget;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionList;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * Makes sure the CloudFront distribution a release points at exists: found by its comment
 * {@code edge-deploy:<functionName>}, created when missing with the widget's shape — one S3 origin on the primary
 * bucket, the never-cached entry behavior ({@code /assets/index.js}, TTL 0), the immutable {@code /assets/*}
 * behavior (CORS, so chunks load with {@code crossorigin} and their errors are not muted), the client error beacon's
 * behavior ({@code /_edge-deploy/beacon}: every method, never cached) and a default behavior. Idempotent: a second call finds the first one's distribution and creates nothing.
 * The release itself attaches the edge function to the behaviors.
 */
public final class DistributionBootstrap {

    /** The comment (and CallerReference) prefix that marks a distribution as this tool's. */
    public static final String MARKER_PREFIX = "edge-deploy:";
    static final String ORIGIN_ID = "primary";
    /** CloudFront's managed CachingOptimized policy. */
    static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    /** CloudFront's managed CachingDisabled policy. */
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    /** CloudFront's managed SimpleCORS response headers policy: Access-Control-Allow-Origin: * on CORS requests. */
    static final String SIMPLE_CORS = "60669652-455b-4ae9-85a4-c4c02393f86c";

    private final CloudFrontClient cloudFront;

    public DistributionBootstrap(CloudFrontClient cloudFront) {
        this.cloudFront = Objects.requireNonNull(cloudFront, "cloudFront");
    }

    /** The id of the function's distribution, created on the primary bucket when there is none yet. */
    public String ensure(String functionName, BucketTarget primary, DeployListener listener) {
        String marker = MARKER_PREFIX + functionName;
        Optional<String> existing = find(marker);
        if (existing.isPresent()) {
            listener.on(DeployEvent.debug("Distribution " + existing.get() + " (" + marker + ") exists"));
            return existing.get();
        }
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config(marker, primary)))
                .distribution().id();
        listener.on(DeployEvent.lifecycle("Created distribution " + id + " (" + marker + ") on origin "
                + primary.domainName()));
        return id;
    }

    /** The id of the function's distribution, if {@link #ensure} created one; creates nothing. */
    public Optional<String> existing(String functionName) {
        return find(MARKER_PREFIX + functionName);
    }

    /** The distribution whose comment is {@code marker}, following every page of ListDistributions. */
    Optional<String> find(String marker) {
        String next = null;
        do {
            String page = next;
            DistributionList list = cloudFront.listDistributions(r -> r.marker(page)).distributionList();
            for (DistributionSummary summary : list.items()) {
                if (marker.equals(summary.comment())) {
                    return Optional.of(summary.id());
                }
            }
            next = Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null;
        } while (next != null);
        return Optional.empty();
    }

    static DistributionConfig config(String marker, BucketTarget primary) {
        return DistributionConfig.builder()
                // the same CallerReference makes a retried create answer with the first one's distribution
                .callerReference(marker)
                .comment(marker)
                .enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder()
                        .id(ORIGIN_ID)
                        .domainName(primary.domainName())
                        .originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))
                        .build()))
                .defaultCacheBehavior(behavior -> behavior
                        .targetOriginId(ORIGIN_ID)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .compress(true)
                        .cachePolicyId(CACHING_OPTIMIZED)
                        .lambdaFunctionAssociations(none -> none.quantity(0)))
                .cacheBehaviors(behaviors -> behaviors.quantity(3).items(entryBehavior(), assetBehavior(),
                        beaconBehavior()))
                .build();
    }

    /** The never-cached entry: every request reaches the function, which serves the viewer's build. */
    private static CacheBehavior entryBehavior() {
        return CacheBehavior.builder()
                .pathPattern("/assets/index.js")
                .targetOriginId(ORIGIN_ID)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .compress(true)
                .forwardedValues(forwarded -> forwarded.queryString(false)
                        .cookies(cookies -> cookies.forward(ItemSelection.NONE)))
                .minTTL(0L).defaultTTL(0L).maxTTL(0L)
                .lambdaFunctionAssociations(none -> none.quantity(0))
                .build();
    }

    /**
     * The immutable assets, under the managed CachingOptimized policy: it keys the cache on the normalised
     * Accept-Encoding (br and gzip), so the origin-request handler can pick the .br or .gz variant and each is cached
     * apart; objects' own {@code max-age=31536000} sets the TTL.
     */
    private static CacheBehavior assetBehavior() {
        return CacheBehavior.builder()
                .pathPattern("/assets/*")
                .targetOriginId(ORIGIN_ID)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .compress(true)
                .cachePolicyId(CACHING_OPTIMIZED)
                .responseHeadersPolicyId(SIMPLE_CORS)
                .lambdaFunctionAssociations(none -> none.quantity(0))
                .build();
    }

    /**
     * The client error beacons viewers' pages POST ({@code sendBeacon}): the release runs the edge function on it with
     * IncludeBody; nothing is cached.
     */
    private static CacheBehavior beaconBehavior() {
        return CacheBehavior.builder()
                .pathPattern(DistributionAssociation.BEACON_PATH_PATTERN)
                .targetOriginId(ORIGIN_ID)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .compress(false)
                .cachePolicyId(CACHING_DISABLED)
                .allowedMethods(methods -> methods.quantity(7).itemsWithStrings("GET", "HEAD", "OPTIONS", "PUT",
                        "PATCH", "POST", "DELETE").cachedMethods(cached -> cached.quantity(2)
                        .itemsWithStrings("GET", "HEAD")))
                .lambdaFunctionAssociations(none -> none.quantity(0))
                .build();
    }
}
