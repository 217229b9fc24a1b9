package dev.edgedeploy.sandbox.route53;

import java.util.List;
import java.util.Objects;

/**
 * One resource record set of a hosted zone: a simple one ({@code setIdentifier} and {@code region} null) or one
 * member of a latency group.
 *
 * @param name the canonical owner name
 * @param type the record type, e.g. {@code TXT}
 * @param setIdentifier tells the members of a latency group apart, or null
 * @param region the AWS region of a latency record, or null
 * @param ttl seconds
 * @param values the {@code ResourceRecord} values exactly as given (a TXT value keeps its quotes)
 * @param healthCheckId the associated health check, or null
 */
record RecordSet(DomainName name, String type, String setIdentifier, String region, long ttl, List<String> values,
        String healthCheckId) {

    RecordSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
    }

    Key key() {
        return new Key(name, type, setIdentifier);
    }

    boolean isLatency() {
        return region != null;
    }

    /** How Route53's messages name a record set: {@code [name='a.example.com.', type='TXT', set-identifier='x']}. */
    String describe() {
        return "[name='" + name + "', type='" + type + "'"
                + (setIdentifier == null ? "" : ", set-identifier='" + setIdentifier + "'") + "]";
    }

    /**
     * What identifies a record set in a zone, and its listing order: name with the labels reversed, then type,
     * then set identifier.
     */
    record Key(DomainName name, String type, String setIdentifier) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int order = name.compareTo(other.name);
            if (order == 0) {
                order = type.compareTo(other.type);
            }
            if (order == 0) {
                order = Objects.compare(setIdentifier, other.setIdentifier,
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
            }
            return order;
        }
    }
}
