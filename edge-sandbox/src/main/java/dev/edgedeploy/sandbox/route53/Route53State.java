package dev.edgedeploy.sandbox.route53;

import java.util.List;

/**
 * Route53's state as it is stored ({@link dev.edgedeploy.sandbox.StateFile}, {@code route53-state.json}), so hosted
 * zones, record sets, changes and health checks survive a restart of the sandbox between the two {@code mvn deploy}
 * runs of a release. Instants are ISO-8601 text.
 *
 * @param zones every hosted zone, in creation order
 * @param healthChecks every health check, in creation order
 * @param changes every submitted change, in submission order
 */
record Route53State(List<StoredZone> zones, List<StoredHealthCheck> healthChecks, List<StoredChange> changes) {

    static final int SCHEMA_VERSION = 1;

    /** A zone with every record set, its apex SOA and NS included, in listing order. */
    record StoredZone(String id, String name, String callerReference, String comment, String createdAt,
            List<StoredRecordSet> recordSets) {
    }

    /** {@link RecordSet}, with the owner name in its canonical text. */
    record StoredRecordSet(String name, String type, String setIdentifier, String region, long ttl,
            List<String> values, String healthCheckId) {

        static StoredRecordSet of(RecordSet set) {
            return new StoredRecordSet(set.name().text(), set.type(), set.setIdentifier(), set.region(), set.ttl(),
                    set.values(), set.healthCheckId());
        }

        RecordSet toRecordSet() {
            return new RecordSet(DomainName.parse(name), type, setIdentifier, region, ttl, values, healthCheckId);
        }
    }

    /**
     * A health check and what the checkers observe, as the last test control set it.
     *
     * @param observedHealthy the status before Inverted and Disabled apply
     */
    record StoredHealthCheck(String id, String callerReference, HealthCheckConfig config, boolean observedHealthy) {
    }

    /** {@link ChangeInfo}: PENDING until {@code insyncAt}, judged against the clock again after a restart. */
    record StoredChange(String id, String submittedAt, String insyncAt, String comment) {
    }
}
