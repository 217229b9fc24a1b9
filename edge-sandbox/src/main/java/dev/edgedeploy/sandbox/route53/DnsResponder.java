package dev.edgedeploy.sandbox.route53;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers DNS queries authoritatively from the account's hosted zones, as a Route53 name server does: TXT record
 * sets by routing policy, NXDOMAIN or NOERROR-no-data with the zone's SOA in the authority section, REFUSED for
 * names outside every zone.
 *
 * <p>Latency routing follows "How Amazon Route 53 chooses records when health checking is configured": among the
 * records of a latency group, the one of the region nearest to the viewer whose health check is healthy (a record
 * without a health check is healthy); when every record is unhealthy, Route53 considers them all healthy and
 * answers the nearest.
 */
final class DnsResponder {

    /** The UDP payload a query without EDNS may receive (RFC 1035). */
    private static final int CLASSIC_UDP_SIZE = 512;
    private static final int EDNS_UDP_SIZE = 1232;

    private final Route53Account account;

    DnsResponder(Route53Account account) {
        this.account = account;
    }

    /** The response to {@code query} asked by a viewer in {@code viewerRegion}, or empty to stay silent. */
    Optional<byte[]> respond(byte[] query, String viewerRegion) {
        Message request;
        try {
            request = new Message(query);
        } catch (IOException e) {
            return formatError(query);
        }
        Header header = request.getHeader();
        if (header.getFlag(Flags.QR)) {
            return Optional.empty();
        }
        Message response = new Message(header.getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(header.getOpcode());
        if (header.getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        OPTRecord opt = request.getOPT();
        int maxSize = CLASSIC_UDP_SIZE;
        if (opt != null) {
            maxSize = Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), EDNS_UDP_SIZE));
            response.addRecord(new OPTRecord(EDNS_UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
        Record question = request.getQuestion();
        if (header.getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return Optional.of(response.toWire(maxSize));
        }
        if (question == null || header.getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return Optional.of(response.toWire(maxSize));
        }
        response.addRecord(question, Section.QUESTION);
        if (question.getDClass() != DClass.IN) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return Optional.of(response.toWire(maxSize));
        }
        answer(response, question, viewerRegion);
        return Optional.of(response.toWire(maxSize));
    }

    private void answer(Message response, Record question, String viewerRegion) {
        DomainName asked = domainName(question.getName());
        Optional<HostedZone> found = account.zoneFor(asked);
        if (found.isEmpty()) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return;
        }
        HostedZone zone = found.get();
        response.getHeader().setFlag(Flags.AA);
        List<RecordSet> named = zone.recordSetsNamed(asked);
        boolean exists = !named.isEmpty() || zone.hasNamesBelow(asked);
        if (!exists) {
            named = wildcardMatch(zone, asked);
        }
        int type = question.getType();
        List<RecordSet> ofType = named.stream()
                .filter(set -> type == Type.ANY || Type.value(set.type()) == type).toList();
        if (ofType.isEmpty()) {
            if (named.isEmpty()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            response.addRecord(soa(zone), Section.AUTHORITY);
            return;
        }
        for (RecordSet set : chosen(ofType, viewerRegion)) {
            for (Record record : records(question.getName(), set)) {
                response.addRecord(record, Section.ANSWER);
            }
        }
    }

    /**
     * RFC 4592: a name that does not exist is answered from the wildcard {@code *.<closest encloser>}, the closest
     * encloser being its nearest existing ancestor.
     */
    private static List<RecordSet> wildcardMatch(HostedZone zone, DomainName asked) {
        for (DomainName ancestor = asked.parent(); ancestor.isWithin(zone.name()); ancestor = ancestor.parent()) {
            if (!zone.recordSetsNamed(ancestor).isEmpty() || zone.hasNamesBelow(ancestor)) {
                return zone.recordSetsNamed(ancestor.wildcard());
            }
        }
        return List.of();
    }

    /** Simple record sets answer as they are; of each latency group, one member answers. */
    private List<RecordSet> chosen(List<RecordSet> sets, String viewerRegion) {
        List<RecordSet> simple = sets.stream().filter(set -> !set.isLatency()).toList();
        List<RecordSet> latency = sets.stream().filter(RecordSet::isLatency).toList();
        List<RecordSet> answer = new ArrayList<>(simple);
        for (String type : latency.stream().map(RecordSet::type).distinct().toList()) {
            List<RecordSet> group = latency.stream().filter(set -> set.type().equals(type)).toList();
            List<RecordSet> healthy = group.stream()
                    .filter(set -> set.healthCheckId() == null || account.isHealthy(set.healthCheckId())).toList();
            List<RecordSet> eligible = healthy.isEmpty() ? group : healthy;
            List<String> regions = RegionProximity.nearestFirst(viewerRegion,
                    eligible.stream().map(RecordSet::region).toList());
            eligible.stream().filter(set -> set.region().equals(regions.get(0))).findFirst().ifPresent(answer::add);
        }
        return answer;
    }

    private static List<Record> records(Name owner, RecordSet set) {
        List<Record> records = new ArrayList<>();
        for (String value : set.values()) {
            try {
                if (set.type().equals("TXT")) {
                    records.add(new TXTRecord(owner, DClass.IN, set.ttl(), zoneFileStrings(value)));
                } else {
                    records.add(Record.fromString(owner, Type.value(set.type()), DClass.IN, set.ttl(), value,
                            Name.root));
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("a stored " + set.type() + " value does not parse: " + value, e);
            }
        }
        return records;
    }

    /**
     * Route53 writes non-printable octets as octal escapes; dnsjava reads decimal ones (RFC 1035), so the decoded
     * strings are written again in dnsjava's notation.
     */
    private static List<String> zoneFileStrings(String value) {
        List<String> strings = new ArrayList<>();
        for (byte[] string : TxtValue.parse(value)) {
            StringBuilder text = new StringBuilder();
            for (byte b : string) {
                int octet = b & 0xff;
                if (octet < 0x20 || octet > 0x7e || octet == '"' || octet == '\\') {
                    text.append('\\').append(String.format("%03d", octet));
                } else {
                    text.append((char) octet);
                }
            }
            strings.add(text.toString());
        }
        return strings;
    }

    private static Record soa(HostedZone zone) {
        RecordSet soa = zone.recordSetsNamed(zone.name()).stream().filter(set -> set.type().equals("SOA"))
                .findFirst().orElseThrow();
        try {
            return Record.fromString(Name.fromString(zone.name().text()), Type.SOA, DClass.IN, soa.ttl(),
                    soa.values().get(0), Name.root);
        } catch (IOException e) {
            throw new IllegalStateException("the zone's SOA does not parse", e);
        }
    }

    private static Optional<byte[]> formatError(byte[] query) {
        if (query.length < Header.LENGTH) {
            return Optional.empty();
        }
        Message response = new Message(((query[0] & 0xff) << 8) | (query[1] & 0xff));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        return Optional.of(response.toWire());
    }

    private static DomainName domainName(Name name) {
        List<byte[]> labels = new ArrayList<>();
        for (int i = 0; i < name.labels(); i++) {
            byte[] label = name.getLabel(i);
            // dnsjava hands out a label in wire form: its length octet first.
            byte[] octets = java.util.Arrays.copyOfRange(label, 1, label.length);
            if (octets.length > 0) {
                labels.add(octets);
            }
        }
        return DomainName.fromLabels(labels, name.toString());
    }
}
