package dev.edgedeploy.core.release;

import dev.edgedeploy.core.TargetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociations;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;

/**
 * Points the distribution's entry and asset behaviors, and the client error beacon's behavior
 * ({@value #BEACON_PATH_PATTERN}, with IncludeBody) when it has one, (origin-request) at a version of the edge
 * function, then waits
 * until CloudFront has deployed it. Read-modify-write with the ETag: only the origin-request association of our
 * function on those two behaviors changes, every other field and association stays as read; when another actor
 * changed the distribution in between (PreconditionFailed), it is read again and the change re-applied, at most
 * {@value #MAX_RETRIES} times.
 */
public final class DistributionAssociation {

    static final int MAX_RETRIES = 3;
    static final String ASSETS_PATH_PATTERN = "/assets/*";
    /** The behavior of the edge's client error beacons (edge-runtime {@code error-beacon.mjs}); optional. */
    public static final String BEACON_PATH_PATTERN = "/_edge-deploy/beacon";

    private final CloudFrontClient cloudFront;
    private final ReleaseJournal journal;
    private final Clock clock;

    DistributionAssociation(CloudFrontClient cloudFront, ReleaseJournal journal, Clock clock) {
        this.cloudFront = Objects.requireNonNull(cloudFront, "cloudFront");
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * @return whether the distribution was changed (false: it already ran {@code versionArn})
     */
    public boolean point(ReleaseSettings settings, String versionArn) {
        String id = settings.distributionId();
        String functionArn = unqualified(versionArn);
        for (int attempt = 0; ; attempt++) {
            GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(id));
            DistributionConfig changed = associate(current.distributionConfig(), settings, functionArn, versionArn);
            if (changed.equals(current.distributionConfig())) {
                journal.step("distribution", "CloudFront " + id + " already runs " + versionArn);
                return false;
            }
            try {
                cloudFront.updateDistribution(r -> r.id(id).ifMatch(current.eTag()).distributionConfig(changed));
                journal.step("distribution", "CloudFront " + id + ": entry, asset (and beacon) behaviors now run "
                        + versionArn);
                return true;
            } catch (PreconditionFailedException e) {
                if (attempt >= MAX_RETRIES) {
                    throw new ReleaseFailedException("CloudFront " + id + " kept changing while this deploy updated"
                            + " it (" + (MAX_RETRIES + 1) + " attempts, ETag stale each time): another actor is"
                            + " editing it. Run the deploy again when it is done.");
                }
                journal.progress("distribution", "CloudFront " + id + " changed since it was read (ETag "
                        + current.eTag() + "); reading it again and re-applying (retry " + (attempt + 1) + " of "
                        + MAX_RETRIES + ")");
            }
        }
    }

    /**
     * Waits until the distribution is Deployed, showing progress each poll; fails after {@code timeout} (the change
     * keeps propagating; a re-run resumes).
     */
    public void awaitDeployed(String id, Duration timeout, Duration pollInterval) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        String last = null;
        while (true) {
            String status = cloudFront.getDistribution(r -> r.id(id)).distribution().status();
            long seconds = Duration.between(start, clock.instant()).toSeconds();
            if ("Deployed".equals(status)) {
                journal.step("distribution", "CloudFront " + id + " Deployed after " + seconds + " s");
                return;
            }
            if (!status.equals(last)) {
                journal.progress("distribution", "CloudFront " + id + " " + status + " (" + seconds + " s of at most "
                        + timeout.toSeconds() + " s)");
                last = status;
            } else {
                journal.debug("CloudFront " + id + " " + status + " (" + seconds + " s)");
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new ReleaseFailedException("CloudFront " + id + " is still " + status + " after "
                        + timeout.toSeconds() + " s; no traffic was shifted. Run the deploy again to resume once it"
                        + " is Deployed, or raise the distribution timeout.");
            }
            Pause.sleep(pollInterval);
        }
    }

    /**
     * The origin-request ARN each of our behaviors runs now (entry, assets or default), in that order; null for a
     * behavior that runs none. Read-only: {@code status} shows it.
     */
    static java.util.Map<String, String> running(DistributionConfig config, ReleaseSettings settings) {
        List<CacheBehavior> behaviors = config.cacheBehaviors() == null || !config.cacheBehaviors().hasItems()
                ? List.of() : config.cacheBehaviors().items();
        java.util.Map<String, String> running = new java.util.LinkedHashMap<>();
        String assets = settings.assetPathPattern();
        if (assets == null && behaviors.stream().anyMatch(b -> b.pathPattern().equals(ASSETS_PATH_PATTERN))) {
            assets = ASSETS_PATH_PATTERN;
        }
        for (String pattern : java.util.Arrays.asList(settings.entryPathPattern(), assets)) {
            if (pattern == null) {
                running.put("default (*)", originRequest(config.defaultCacheBehavior().lambdaFunctionAssociations()));
            } else {
                behaviors.stream().filter(b -> b.pathPattern().equals(pattern)).findFirst()
                        .ifPresent(b -> running.put(pattern, originRequest(b.lambdaFunctionAssociations())));
            }
        }
        return running;
    }

    private static String originRequest(LambdaFunctionAssociations associations) {
        if (associations == null || !associations.hasItems()) {
            return null;
        }
        return associations.items().stream().filter(a -> a.eventType() == EventType.ORIGIN_REQUEST)
                .map(LambdaFunctionAssociation::lambdaFunctionARN).findFirst().orElse(null);
    }

    /** The config {@link #point} would write, without writing it. */
    DistributionConfig associated(DistributionConfig config, ReleaseSettings settings, String versionArn) {
        return associate(config, settings, unqualified(versionArn), versionArn);
    }

    private static DistributionConfig associate(DistributionConfig config, ReleaseSettings settings,
            String functionArn, String versionArn) {
        List<CacheBehavior> behaviors = config.cacheBehaviors() == null || !config.cacheBehaviors().hasItems()
                ? List.of() : config.cacheBehaviors().items();
        String entry = settings.entryPathPattern();
        if (behaviors.stream().noneMatch(b -> b.pathPattern().equals(entry))) {
            throw new TargetException("CloudFront " + settings.distributionId() + " has no cache behavior with path"
                    + " pattern " + entry + " (it has " + behaviors.stream().map(CacheBehavior::pathPattern).toList()
                    + "): set <release><entryPathPattern>, or add the entry behavior.", true, null);
        }
        String assets = settings.assetPathPattern();
        if (assets == null && behaviors.stream().anyMatch(b -> b.pathPattern().equals(ASSETS_PATH_PATTERN))) {
            assets = ASSETS_PATH_PATTERN;
        }
        if (assets != null) {
            String wanted = assets;
            if (behaviors.stream().noneMatch(b -> b.pathPattern().equals(wanted))) {
                throw new TargetException("CloudFront " + settings.distributionId() + " has no cache behavior with"
                        + " path pattern " + wanted + ": set <release><assetPathPattern> to one it has.", true, null);
            }
        }
        List<CacheBehavior> updated = new ArrayList<>();
        for (CacheBehavior behavior : behaviors) {
            if (behavior.pathPattern().equals(entry) || behavior.pathPattern().equals(assets)
                    || behavior.pathPattern().equals(BEACON_PATH_PATTERN)) {
                updated.add(behavior.toBuilder().lambdaFunctionAssociations(associations(
                        behavior.lambdaFunctionAssociations(), functionArn, versionArn, settings, behavior.pathPattern()))
                        .build());
            } else {
                updated.add(behavior);
            }
        }
        DistributionConfig.Builder builder = config.toBuilder();
        if (!behaviors.isEmpty()) {
            builder.cacheBehaviors(config.cacheBehaviors().toBuilder().items(updated).build());
        }
        if (assets == null) {
            DefaultCacheBehavior defaults = config.defaultCacheBehavior();
            builder.defaultCacheBehavior(defaults.toBuilder().lambdaFunctionAssociations(associations(
                    defaults.lambdaFunctionAssociations(), functionArn, versionArn, settings, "default (*)")).build());
        }
        return builder.build();
    }

    /** The behavior's associations with our origin-request one set to the version; the others untouched. */
    private static LambdaFunctionAssociations associations(LambdaFunctionAssociations current, String functionArn,
            String versionArn, ReleaseSettings settings, String behavior) {
        List<LambdaFunctionAssociation> items = new ArrayList<>();
        boolean set = false;
        if (current != null && current.hasItems()) {
            for (LambdaFunctionAssociation association : current.items()) {
                if (association.eventType() == EventType.ORIGIN_REQUEST) {
                    if (!unqualified(association.lambdaFunctionARN()).equals(functionArn)) {
                        throw new TargetException("CloudFront " + settings.distributionId() + " behavior " + behavior
                                + " runs another function on origin-request (" + association.lambdaFunctionARN()
                                + "); edge-deploy will not replace it. Remove that association or use another"
                                + " behavior.", true, null);
                    }
                    boolean includeBody = behavior.equals(BEACON_PATH_PATTERN);
                    items.add(association.lambdaFunctionARN().equals(versionArn)
                            && Boolean.valueOf(includeBody).equals(association.includeBody()) ? association
                            : association.toBuilder().lambdaFunctionARN(versionArn).includeBody(includeBody).build());
                    set = true;
                } else {
                    items.add(association);
                }
            }
        }
        if (!set) {
            // only the beacon's function reads the request body
            items.add(LambdaFunctionAssociation.builder().eventType(EventType.ORIGIN_REQUEST)
                    .lambdaFunctionARN(versionArn).includeBody(behavior.equals(BEACON_PATH_PATTERN)).build());
        }
        return LambdaFunctionAssociations.builder().quantity(items.size()).items(items).build();
    }

    /** {@code arn:aws:lambda:us-east-1:123:function:name:7} → {@code arn:aws:lambda:us-east-1:123:function:name}. */
    static String unqualified(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : arn;
    }
}
