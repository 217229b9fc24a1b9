package dev.edgedeploy.sandbox.cloudfront;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A distribution's configuration as CloudFront stored it: the parts the edge applies, and the document itself
 * ({@link #xml()}, the {@code DistributionConfig} element as the client sent it, whitespace between elements
 * dropped) which GetDistributionConfig answers with.
 *
 * @param callerReference the creator's idempotency token, fixed for the distribution's life
 * @param comment the free-text comment
 * @param enabled whether the distribution serves viewers
 * @param origins the origins, in document order
 * @param defaultCacheBehavior the behavior for paths no other behavior matches
 * @param cacheBehaviors the ordered behaviors, first match wins
 * @param xml the canonical {@code <DistributionConfig>…</DistributionConfig>} element, without namespace declaration
 */
public record DistributionConfig(String callerReference, String comment, boolean enabled, List<Origin> origins,
        CacheBehavior defaultCacheBehavior, List<CacheBehavior> cacheBehaviors, String xml) {

    public DistributionConfig {
        Objects.requireNonNull(callerReference, "callerReference");
        Objects.requireNonNull(comment, "comment");
        origins = List.copyOf(origins);
        Objects.requireNonNull(defaultCacheBehavior, "defaultCacheBehavior");
        cacheBehaviors = List.copyOf(cacheBehaviors);
        Objects.requireNonNull(xml, "xml");
    }

    /** Every behavior, the default one first. */
    public List<CacheBehavior> allBehaviors() {
        List<CacheBehavior> all = new ArrayList<>(cacheBehaviors.size() + 1);
        all.add(defaultCacheBehavior);
        all.addAll(cacheBehaviors);
        return all;
    }

    /** Every associated version ARN, in behavior order. */
    public List<String> associatedFunctionArns() {
        return allBehaviors().stream().flatMap(behavior -> behavior.lambdaAssociations().stream())
                .map(LambdaAssociation::lambdaFunctionArn).toList();
    }
}
