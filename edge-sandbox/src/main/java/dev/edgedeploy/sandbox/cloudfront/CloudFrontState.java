package dev.edgedeploy.sandbox.cloudfront;

import java.util.List;

/**
 * The control plane's state as it is stored ({@link dev.edgedeploy.sandbox.StateFile}, {@code cloudfront-state.json}),
 * so distributions survive a restart of the sandbox between the two {@code mvn deploy} runs of a release.
 *
 * @param accountId the account the state was written for
 * @param distributions every distribution, ordered by id
 */
record CloudFrontState(String accountId, List<StoredDistribution> distributions) {

    static final int SCHEMA_VERSION = 1;

    /**
     * One distribution: identity, current ETag, and every change viewers may still meet, oldest first.
     *
     * @param lastModified when the current configuration was accepted, ISO-8601
     */
    record StoredDistribution(String id, String arn, String domainName, String etag, String lastModified,
            List<StoredChange> changes) {
    }

    /**
     * One accepted configuration and when it is (or was) fully propagated. A change still InProgress at shutdown is
     * judged against the clock again at start: Deployed if {@code propagatedAt} has passed meanwhile.
     *
     * @param configXml the canonical {@code <DistributionConfig>} element GetDistributionConfig answers with
     * @param propagatedAt ISO-8601
     */
    record StoredChange(String configXml, String propagatedAt) {
    }
}
