package dev.edgedeploy.sandbox.route53;

import java.util.ArrayList;
import java.util.List;

/**
 * A ChangeResourceRecordSets request, read and checked in Route53's two stages: shape problems (a missing
 * SetIdentifier, no TTL, an unknown enum value) refuse the request at once with InvalidInput, naming the first
 * offending change; content problems (a malformed name, an unquoted TXT value) are collected in {@link #problems()}
 * and reported, with the zone's own objections, as one InvalidChangeBatch.
 *
 * @param changes the changes whose name and values could be read
 * @param problems InvalidChangeBatch messages found while reading
 * @param comment the batch comment, or null
 */
record ChangeBatch(List<RecordSetChange> changes, List<String> problems, String comment) {

    static final List<String> ACTIONS = List.of("CREATE", "DELETE", "UPSERT");
    static final List<String> RECORD_TYPES = List.of("SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV",
            "SPF", "AAAA", "CAA", "DS", "TLSA", "SSHFP", "SVCB", "HTTPS");
    /** {@code ResourceRecordSetRegion}: the regions a latency record may name. */
    static final List<String> LATENCY_REGIONS = List.copyOf(RegionProximity.REGIONS);
    private static final List<String> ROUTING_POLICIES = List.of("Weight", "Region", "Failover", "GeoLocation",
            "MultiValueAnswer", "GeoProximityLocation", "CidrRoutingConfig");
    private static final String POLICY_CHOICE = "[Weight, Region, Failover, GeoLocation, MultiValueAnswer, "
            + "GeoProximityLocation, or CidrRoutingConfig]";
    private static final String VALUE_CHOICE = "[AliasTarget, all of [TTL, and ResourceRecords], or "
            + "TrafficPolicyInstanceId]";
    private static final long MAX_TTL = 2147483647L;
    private static final int MAX_VALUE = 4000;

    ChangeBatch {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    static ChangeBatch read(XmlRequest request) {
        XmlRequest batch = request.child("ChangeBatch").orElseThrow(() -> incomplete("ChangeResourceRecordSetsRequest",
                "ChangeBatch"));
        String comment = batch.text("Comment");
        if (comment != null && comment.length() > 256) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: Value of Comment is longer than 256.");
        }
        XmlRequest changesElement = batch.child("Changes").orElseThrow(() -> incomplete("ChangeBatch", "Changes"));
        List<XmlRequest> changeElements = changesElement.children("Change");
        if (changeElements.isEmpty()) {
            throw incomplete("Changes", "Change");
        }
        List<RecordSetChange> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (XmlRequest change : changeElements) {
            String action = change.text("Action");
            if (action == null) {
                throw incomplete("Change", "Action");
            }
            if (!ACTIONS.contains(action)) {
                throw notInEnumeration(action, ACTIONS);
            }
            XmlRequest set = change.child("ResourceRecordSet").orElseThrow(() -> incomplete("Change",
                    "ResourceRecordSet"));
            readRecordSet(action, set, changes, problems);
        }
        return new ChangeBatch(changes, problems, comment);
    }

    private static void readRecordSet(String action, XmlRequest set, List<RecordSetChange> changes,
            List<String> problems) {
        String name = set.text("Name");
        String type = set.text("Type");
        if (name == null) {
            throw incomplete("ResourceRecordSet", "Name");
        }
        if (type == null) {
            throw incomplete("ResourceRecordSet", "Type");
        }
        if (name.length() > 1024) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: Value of Name is longer than 1024.");
        }
        if (!RECORD_TYPES.contains(type)) {
            throw notInEnumeration(type, RECORD_TYPES);
        }
        String setIdentifier = set.text("SetIdentifier");
        String describe = "[Action=" + action + ", Name=" + name + ", Type=" + type + ", SetIdentifier="
                + setIdentifier + "]";
        if (setIdentifier != null && (setIdentifier.isEmpty() || setIdentifier.length() > 128)) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-length-valid: SetIdentifier must be 1 to 128 "
                    + "characters long.");
        }
        List<String> policies = ROUTING_POLICIES.stream().filter(policy -> set.child(policy).isPresent()).toList();
        if (setIdentifier != null && policies.isEmpty()) {
            throw Route53Error.invalidInput("Invalid request: Expected exactly one of " + POLICY_CHOICE
                    + ", but found none in Change with " + describe);
        }
        if (setIdentifier == null && !policies.isEmpty()) {
            throw Route53Error.invalidInput("Invalid request: Missing field 'SetIdentifier' in Change with "
                    + describe);
        }
        if (policies.size() > 1) {
            throw Route53Error.invalidInput("Invalid request: Expected exactly one of " + POLICY_CHOICE
                    + ", but found more than one in Change with " + describe);
        }
        String region = set.text("Region");
        if (!policies.isEmpty() && region == null) {
            throw unsupported("the " + policies.get(0) + " routing policy; it serves simple and latency (Region) "
                    + "record sets");
        }
        if (region != null && !LATENCY_REGIONS.contains(region)) {
            throw notInEnumeration(region, LATENCY_REGIONS);
        }
        boolean alias = set.child("AliasTarget").isPresent();
        boolean trafficPolicy = set.child("TrafficPolicyInstanceId").isPresent();
        Long ttl = set.whole("TTL");
        List<XmlRequest> records = set.child("ResourceRecords").map(element -> element.children("ResourceRecord"))
                .orElse(null);
        if (records != null && records.isEmpty()) {
            throw incomplete("ResourceRecords", "ResourceRecord");
        }
        boolean basic = ttl != null && records != null;
        int shapes = (alias ? 1 : 0) + (trafficPolicy ? 1 : 0) + (basic ? 1 : 0);
        if (shapes == 0 || (!basic && (ttl != null || records != null))) {
            throw Route53Error.invalidInput("Invalid request: Expected exactly one of " + VALUE_CHOICE
                    + ", but found none in Change with " + describe);
        }
        if (shapes > 1) {
            throw Route53Error.invalidInput("Invalid request: Expected exactly one of " + VALUE_CHOICE
                    + ", but found more than one in Change with " + describe);
        }
        if (!basic) {
            throw unsupported(alias ? "alias record sets" : "traffic policy record sets");
        }
        if (!type.equals("TXT")) {
            throw unsupported("record sets of type " + type + "; it serves TXT record sets");
        }
        if (ttl < 0 || ttl > MAX_TTL) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxInclusive-valid: Value '" + ttl
                    + "' is not facet-valid with respect to maxInclusive '" + MAX_TTL + "' for type 'TTL'.");
        }
        String healthCheckId = set.text("HealthCheckId");
        if (healthCheckId != null && healthCheckId.length() > 64) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: Value of HealthCheckId is longer "
                    + "than 64.");
        }
        List<String> values = new ArrayList<>();
        for (XmlRequest record : records) {
            String value = record.text("Value");
            if (value == null) {
                throw incomplete("ResourceRecord", "Value");
            }
            if (value.length() > MAX_VALUE) {
                throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: Value of Value is longer than "
                        + MAX_VALUE + ".");
            }
            values.add(value);
        }
        DomainName owner;
        try {
            owner = DomainName.parse(name);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        boolean readable = true;
        for (String value : values) {
            try {
                TxtValue.parse(value);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                readable = false;
            }
        }
        if (readable) {
            changes.add(new RecordSetChange(action, new RecordSet(owner, type, setIdentifier, region, ttl, values,
                    healthCheckId)));
        }
    }

    private static Route53Error incomplete(String element, String expected) {
        return Route53Error.invalidInput("Invalid XML ; cvc-complex-type.2.4.b: The content of element '" + element
                + "' is not complete. One of '{\"" + XmlWriter.NAMESPACE + "\":" + expected + "}' is expected.");
    }

    private static Route53Error notInEnumeration(String value, List<String> allowed) {
        return Route53Error.invalidInput("Invalid XML ; cvc-enumeration-valid: Value '" + value
                + "' is not facet-valid with respect to enumeration '" + allowed + "'. It must be a value from the "
                + "enumeration.");
    }

    /** The sandbox refuses, by name, what the product does not use instead of accepting it unchecked. */
    private static Route53Error unsupported(String what) {
        return Route53Error.invalidInput("The edge-deploy sandbox does not serve " + what + ".");
    }
}
