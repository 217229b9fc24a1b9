package dev.edgedeploy.sandbox.route53;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A public hosted zone and its record sets, starting, as in Route53, with the apex SOA and the four NS records of
 * its delegation set. Not thread-safe: {@link Route53Account} guards it.
 */
final class HostedZone {

    /** The delegation set every sandbox zone gets; the names follow Route53's awsdns pattern. */
    static final List<String> NAME_SERVERS = List.of("ns-2048.awsdns-64.com", "ns-2049.awsdns-65.net",
            "ns-2050.awsdns-66.org", "ns-2051.awsdns-67.co.uk");
    static final long SOA_TTL = 900;
    static final long NS_TTL = 172800;

    private final String id;
    private final DomainName name;
    private final String callerReference;
    private final String comment;
    private final Instant createdAt;
    // Replaced whole by each batch, so readers outside the account lock see one consistent version.
    private volatile TreeMap<RecordSet.Key, RecordSet> recordSets = new TreeMap<>();

    HostedZone(String id, DomainName name, String callerReference, String comment, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.callerReference = callerReference;
        this.comment = comment;
        this.createdAt = createdAt;
        List<String> ns = NAME_SERVERS.stream().map(server -> server + ".").toList();
        put(new RecordSet(name, "NS", null, null, NS_TTL, ns, null));
        put(new RecordSet(name, "SOA", null, null, SOA_TTL,
                List.of(NAME_SERVERS.get(0) + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"), null));
    }

    /** A zone as an earlier run stored it: its record sets replace the initial SOA and NS. */
    static HostedZone restored(String id, DomainName name, String callerReference, String comment, Instant createdAt,
            List<RecordSet> recordSets) {
        HostedZone zone = new HostedZone(id, name, callerReference, comment, createdAt);
        TreeMap<RecordSet.Key, RecordSet> stored = new TreeMap<>();
        recordSets.forEach(set -> stored.put(set.key(), set));
        zone.recordSets = stored;
        return zone;
    }

    String id() {
        return id;
    }

    DomainName name() {
        return name;
    }

    String callerReference() {
        return callerReference;
    }

    String comment() {
        return comment;
    }

    Instant createdAt() {
        return createdAt;
    }

    int recordSetCount() {
        return recordSets.size();
    }

    /** The record sets in Route53's listing order. */
    List<RecordSet> recordSets() {
        return List.copyOf(recordSets.values());
    }

    /** The record sets of one name, any type. */
    List<RecordSet> recordSetsNamed(DomainName owner) {
        return recordSets.values().stream().filter(set -> set.name().equals(owner)).toList();
    }

    /** True when some record set lies strictly below {@code owner} (so {@code owner} exists as an empty non-terminal). */
    boolean hasNamesBelow(DomainName owner) {
        return recordSets.keySet().stream()
                .anyMatch(key -> !key.name().equals(owner) && key.name().isWithin(owner));
    }

    private void put(RecordSet set) {
        recordSets.put(set.key(), set);
    }

    /**
     * Applies a batch all-or-nothing. Every change is checked against the zone as the earlier changes of the same
     * batch leave it; every problem is collected, with {@code earlierProblems} (found while reading the batch),
     * and any problem refuses the whole batch with InvalidChangeBatch.
     */
    void apply(List<RecordSetChange> changes, List<String> earlierProblems) {
        TreeMap<RecordSet.Key, RecordSet> working = new TreeMap<>(recordSets);
        List<String> problems = new ArrayList<>(earlierProblems);
        for (RecordSetChange change : changes) {
            RecordSet set = change.recordSet();
            if (!set.name().isWithin(name)) {
                problems.add("RRSet with DNS name " + set.name() + " is not permitted in zone " + name);
                continue;
            }
            RecordSet existing = working.get(set.key());
            switch (change.action()) {
                case "CREATE" -> {
                    if (existing != null) {
                        problems.add("Tried to create resource record set " + set.describe()
                                + " but it already exists");
                    } else if (admissible(working, set, problems)) {
                        working.put(set.key(), set);
                    }
                }
                case "UPSERT" -> {
                    if (admissible(working, set, problems)) {
                        working.put(set.key(), set);
                    }
                }
                case "DELETE" -> {
                    if (existing == null) {
                        problems.add("Tried to delete resource record set " + set.describe() + " but it was not found");
                    } else if (!sameValues(existing, set)) {
                        problems.add("Tried to delete resource record set " + set.describe()
                                + " but the values provided do not match the current values");
                    } else {
                        working.remove(set.key());
                    }
                }
                default -> throw new IllegalStateException("unvalidated action " + change.action());
            }
        }
        if (!problems.isEmpty()) {
            throw Route53Error.invalidChangeBatch(problems);
        }
        recordSets = working;
    }

    /**
     * A new record set may not mix routing policies with its siblings (same name and type), and a latency group
     * holds at most one record per region.
     */
    private static boolean admissible(Map<RecordSet.Key, RecordSet> working, RecordSet set, List<String> problems) {
        Predicate<RecordSet> sibling = other -> other.name().equals(set.name()) && other.type().equals(set.type());
        List<RecordSet> siblings = working.values().stream().filter(sibling).toList();
        if (set.setIdentifier() != null && siblings.stream().anyMatch(other -> other.setIdentifier() == null)) {
            problems.add("RRSet with DNS name " + set.name() + ", type " + set.type() + ", SetIdentifier "
                    + set.setIdentifier() + " cannot be created as a non-weighted set exists with the same name and "
                    + "type.");
            return false;
        }
        if (set.setIdentifier() == null && siblings.stream().anyMatch(other -> other.setIdentifier() != null)) {
            problems.add("RRSet with DNS name " + set.name() + ", type " + set.type() + " cannot be created as "
                    + "weighted sets exist with the same name and type.");
            return false;
        }
        if (set.isLatency()) {
            for (RecordSet other : siblings) {
                if (set.region().equals(other.region()) && !Objects.equals(set.setIdentifier(),
                        other.setIdentifier())) {
                    problems.add("RRSet with DNS name " + set.name() + ", type " + set.type() + ", SetIdentifier "
                            + set.setIdentifier() + " cannot be created because a latency RRSet with SetIdentifier "
                            + other.setIdentifier() + " already exists in region " + set.region()
                            + " with the same name and type.");
                    return false;
                }
            }
        }
        return true;
    }

    /** A DELETE must repeat every value of the record set it deletes. */
    private static boolean sameValues(RecordSet current, RecordSet given) {
        return current.ttl() == given.ttl() && current.values().equals(given.values())
                && Objects.equals(current.region(), given.region())
                && Objects.equals(current.healthCheckId(), given.healthCheckId());
    }
}
