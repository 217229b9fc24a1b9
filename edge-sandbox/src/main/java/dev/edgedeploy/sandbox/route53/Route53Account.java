package dev.edgedeploy.sandbox.route53;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything Route53 holds for one account: hosted zones, health checks and submitted changes. One lock guards it
 * all, so the API and the name server always see whole batches.
 */
final class Route53Account {

    private static final String ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Clock clock;
    private final Duration propagationDelay;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HostedZone> zones = new LinkedHashMap<>();
    private final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();
    private final Map<String, ChangeInfo> changes = new LinkedHashMap<>();

    Route53Account(Clock clock, Duration propagationDelay) {
        this.clock = clock;
        this.propagationDelay = propagationDelay;
    }

    Instant now() {
        return clock.instant();
    }

    synchronized ZoneCreation createHostedZone(DomainName name, String callerReference, String comment) {
        for (HostedZone zone : zones.values()) {
            if (zone.callerReference().equals(callerReference)) {
                throw Route53Error.hostedZoneAlreadyExists(zone.name().text(), callerReference);
            }
        }
        HostedZone zone = new HostedZone(newId("Z", 21), name, callerReference, comment, now());
        zones.put(zone.id(), zone);
        return new ZoneCreation(zone, submitChange(null));
    }

    /** A created zone and the change that created it. */
    record ZoneCreation(HostedZone zone, ChangeInfo change) {
    }

    synchronized HostedZone hostedZone(String id) {
        HostedZone zone = zones.get(id);
        if (zone == null) {
            throw Route53Error.noSuchHostedZone(id);
        }
        return zone;
    }

    /** Every zone, ordered by name (labels reversed) and then id, as ListHostedZonesByName lists them. */
    synchronized List<HostedZone> hostedZonesByName() {
        List<HostedZone> sorted = new ArrayList<>(zones.values());
        sorted.sort(Comparator.comparing(HostedZone::name).thenComparing(HostedZone::id));
        return sorted;
    }

    synchronized ChangeInfo changeRecordSets(String zoneId, ChangeBatch batch) {
        HostedZone zone = hostedZone(zoneId);
        for (RecordSetChange change : batch.changes()) {
            String healthCheckId = change.recordSet().healthCheckId();
            if (healthCheckId != null && !change.action().equals("DELETE") && !healthChecks.containsKey(healthCheckId)) {
                throw Route53Error.noSuchHealthCheck(healthCheckId);
            }
        }
        zone.apply(batch.changes(), batch.problems());
        return submitChange(batch.comment());
    }

    synchronized ChangeInfo change(String id) {
        ChangeInfo change = changes.get(id);
        if (change == null) {
            throw Route53Error.noSuchChange(id);
        }
        return change;
    }

    /** Test control: every submitted change reports INSYNC from now on. */
    synchronized void propagateChanges() {
        Instant now = now();
        changes.replaceAll((id, change) -> change.insyncAt().isAfter(now)
                ? new ChangeInfo(change.id(), change.submittedAt(), now, change.comment()) : change);
    }

    /**
     * CreateHealthCheck's idempotency: the same CallerReference with the same settings returns the existing
     * health check; with other settings it is HealthCheckAlreadyExists.
     */
    synchronized HealthCheck createHealthCheck(String callerReference, HealthCheckConfig config) {
        for (HealthCheck existing : healthChecks.values()) {
            if (existing.callerReference().equals(callerReference)) {
                if (existing.config().equals(config)) {
                    return existing;
                }
                throw Route53Error.healthCheckAlreadyExists(callerReference);
            }
        }
        if (config.childHealthChecks() != null) {
            for (String child : config.childHealthChecks()) {
                if (!healthChecks.containsKey(child)) {
                    throw Route53Error.noSuchHealthCheck(child);
                }
            }
        }
        HealthCheck check = new HealthCheck(UUID.randomUUID().toString(), callerReference, config);
        healthChecks.put(check.id(), check);
        return check;
    }

    synchronized HealthCheck healthCheck(String id) {
        HealthCheck check = healthChecks.get(id);
        if (check == null) {
            throw Route53Error.noSuchHealthCheck(id);
        }
        return check;
    }

    /**
     * The status DNS answers use: Disabled counts as healthy, Inverted flips the observation, and a CALCULATED
     * check is healthy while at least HealthThreshold of its children are. A record whose health check no longer
     * exists is treated as healthy.
     */
    synchronized boolean isHealthy(String healthCheckId) {
        return isHealthy(healthCheckId, new HashSet<>());
    }

    private boolean isHealthy(String id, Set<String> visiting) {
        HealthCheck check = healthChecks.get(id);
        if (check == null || !visiting.add(id)) {
            return true;
        }
        HealthCheckConfig config = check.config();
        if (Boolean.TRUE.equals(config.disabled())) {
            return true;
        }
        boolean healthy;
        if (config.type().equals("CALCULATED")) {
            long healthyChildren = config.childHealthChecks().stream()
                    .filter(child -> isHealthy(child, visiting)).count();
            healthy = healthyChildren >= config.healthThreshold();
        } else {
            healthy = check.observedHealthy();
        }
        visiting.remove(id);
        return Boolean.TRUE.equals(config.inverted()) != healthy;
    }

    /** The zone that is authoritative for {@code name}: the deepest enclosing one, the earliest created on a tie. */
    synchronized Optional<HostedZone> zoneFor(DomainName name) {
        HostedZone best = null;
        for (HostedZone zone : zones.values()) {
            if (name.isWithin(zone.name()) && (best == null || zone.name().depth() > best.name().depth())) {
                best = zone;
            }
        }
        return Optional.ofNullable(best);
    }

    private ChangeInfo submitChange(String comment) {
        Instant now = now();
        ChangeInfo change = new ChangeInfo(newId("C", 20), now, now.plus(propagationDelay), comment);
        changes.put(change.id(), change);
        return change;
    }

    private String newId(String prefix, int length) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 1; i < length; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
