package dev.edgedeploy.sandbox.route53;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgedeploy.sandbox.StateFile;
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
import java.util.Objects;
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
    private final StateFile<Route53State> stateFile;

    Route53Account(Clock clock, Duration propagationDelay, StateFile<Route53State> stateFile) {
        this.stateFile = stateFile;
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
        ZoneCreation creation = new ZoneCreation(zone, submitChange(null));
        persist();
        return creation;
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
        ChangeInfo change = submitChange(batch.comment());
        persist();
        return change;
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
        persist();
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
        persist();
        return check;
    }

    synchronized HealthCheck healthCheck(String id) {
        HealthCheck check = healthChecks.get(id);
        if (check == null) {
            throw Route53Error.noSuchHealthCheck(id);
        }
        return check;
    }

    /** Test control: what the checkers observe for a health check from now on. */
    synchronized void observe(String healthCheckId, boolean healthy) {
        healthCheck(healthCheckId).observe(healthy);
        persist();
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

    // ---------------------------------------------------------------- state on disk

    /** Loads what an earlier run stored, if anything. */
    synchronized void restore() {
        Optional<Route53State> stored = stateFile.read();
        if (stored.isEmpty()) {
            return;
        }
        try {
            for (Route53State.StoredZone zone : stored.get().zones()) {
                zones.put(zone.id(), HostedZone.restored(zone.id(), DomainName.parse(zone.name()),
                        zone.callerReference(), zone.comment(), Instant.parse(zone.createdAt()),
                        zone.recordSets().stream().map(Route53State.StoredRecordSet::toRecordSet).toList()));
            }
            for (Route53State.StoredHealthCheck check : stored.get().healthChecks()) {
                healthChecks.put(check.id(), new HealthCheck(check.id(), check.callerReference(),
                        Objects.requireNonNull(check.config(), "config"), check.observedHealthy()));
            }
            for (Route53State.StoredChange change : stored.get().changes()) {
                changes.put(change.id(), new ChangeInfo(change.id(), Instant.parse(change.submittedAt()),
                        Instant.parse(change.insyncAt()), change.comment()));
            }
        } catch (RuntimeException e) {
            zones.clear();
            healthChecks.clear();
            changes.clear();
            throw stateFile.unusable("a zone, health check or change in it cannot be restored (" + e.getMessage()
                    + ")", e);
        }
    }

    /** What is stored. */
    synchronized Route53State state() {
        return new Route53State(
                zones.values().stream().map(zone -> new Route53State.StoredZone(zone.id(), zone.name().text(),
                        zone.callerReference(), zone.comment(), zone.createdAt().toString(),
                        zone.recordSets().stream().map(Route53State.StoredRecordSet::of).toList())).toList(),
                healthChecks.values().stream().map(check -> new Route53State.StoredHealthCheck(check.id(),
                        check.callerReference(), check.config(), check.observedHealthy())).toList(),
                changes.values().stream().map(change -> new Route53State.StoredChange(change.id(),
                        change.submittedAt().toString(), change.insyncAt().toString(), change.comment())).toList());
    }

    /**
     * The stored state as JSON, with what only the clock and the health rules know added: each health check's
     * {@code healthy} (as DNS answers use it) and each change's {@code status} now.
     */
    synchronized JsonNode stateDump() {
        JsonNode dump = stateFile.toJson(state());
        for (JsonNode check : dump.path("healthChecks")) {
            ((ObjectNode) check).put("healthy", isHealthy(check.path("id").asText()));
        }
        Instant now = now();
        for (JsonNode change : dump.path("changes")) {
            ((ObjectNode) change).put("status", changes.get(change.path("id").asText()).statusAt(now));
        }
        return dump;
    }

    private void persist() {
        stateFile.write(state());
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
