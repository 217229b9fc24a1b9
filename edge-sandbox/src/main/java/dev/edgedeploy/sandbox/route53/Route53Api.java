package dev.edgedeploy.sandbox.route53;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.aws.SigV4Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route53's REST-XML API (version 2013-04-01) as the AWS SDK v2 {@code route53} client speaks it: the operations a
 * deployer needs to find or create a zone, keep latency TXT records and health checks, and wait for a change.
 */
final class Route53Api implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Route53Api.class);
    private static final String VERSION = "2013-04-01";
    private static final String LOCATION_BASE = "https://route53.amazonaws.com/" + VERSION;
    private static final int MAX_RECORD_SETS_PER_PAGE = 300;
    private static final int MAX_ZONES_PER_PAGE = 100;
    /** Route53 answers every accepted change PENDING; only GetChange ever reports INSYNC. */
    private static final String PENDING = "PENDING";

    private final Route53Account account;
    private final ServiceTraffic traffic;

    Route53Api(Route53Account account, ServiceTraffic traffic) {
        this.account = account;
        this.traffic = traffic;
    }

    /** A traffic record knowing every operation this API serves. */
    static ServiceTraffic newTraffic() {
        return new ServiceTraffic("Route53", Set.of("CreateHostedZone", "GetHostedZone", "ListHostedZonesByName",
                "ChangeResourceRecordSets", "ListResourceRecordSets", "GetChange", "CreateHealthCheck",
                "GetHealthCheck", "GetHealthCheckStatus"));
    }

    /** Counts the request, waits its injected latency and fails it when a fault is due. */
    private void admit(String operation) {
        traffic.admit(operation).ifPresent(fault -> {
            throw switch (fault) {
                case THROTTLING -> Route53Error.throttling();
                case SERVER_ERROR -> Route53Error.priorRequestNotComplete();
            };
        });
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        Response response;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            authorize(exchange.getRequestHeaders().getFirst("Authorization"));
            response = route(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    query(exchange.getRequestURI().getRawQuery()), bytes);
        } catch (Route53Error error) {
            response = errorResponse(error, requestId);
        } catch (RuntimeException bug) {
            LOG.error("sandbox Route53: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), bug);
            response = errorResponse(Route53Error.internalFailure(), requestId);
        }
        byte[] payload = response.xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (response.location() != null) {
            exchange.getResponseHeaders().set("Location", response.location());
        }
        exchange.sendResponseHeaders(response.status(), payload.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(payload);
        }
    }

    private record Response(int status, String xml, String location) {
    }

    private static Response errorResponse(Route53Error error, String requestId) {
        return new Response(error.status(), new XmlWriter("ErrorResponse").start("Error")
                .element("Type", error.type()).element("Code", error.code()).element("Message", error.getMessage())
                .end().element("RequestId", requestId).finish(), null);
    }

    /** Route53 signs with the service name {@code route53}; the region of the scope is not checked (aws-global). */
    private static void authorize(String header) {
        if (header == null || header.isBlank()) {
            throw Route53Error.missingAuthenticationToken();
        }
        SigV4Authorization scope = SigV4Authorization.parse(header).orElseThrow(Route53Error::incompleteSignature);
        if (!scope.service().equals("route53")) {
            throw Route53Error.signatureDoesNotMatch("Credential should be scoped to correct service: 'route53'. ");
        }
    }

    private Response route(String method, String path, Map<String, String> query, byte[] body) {
        // Split before decoding: the SDK sends an id given as "/hostedzone/Z…" as one %2F-encoded segment.
        List<String> segments = Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        if (segments.isEmpty() || !segments.get(0).equals(VERSION)) {
            throw Route53Error.unknownOperation(method, path);
        }
        List<String> rest = segments.subList(1, segments.size());
        String resource = rest.isEmpty() ? "" : rest.get(0);
        switch (method + " " + resource + "/" + (rest.size() - 1)) {
            case "POST hostedzone/0":
                return createHostedZone(body);
            case "GET hostedzone/1":
                return getHostedZone(resourceId(rest.get(1), "id"));
            case "GET hostedzonesbyname/0":
                return listHostedZonesByName(query);
            case "POST hostedzone/2":
                if (rest.get(2).equals("rrset")) {
                    return changeResourceRecordSets(resourceId(rest.get(1), "hostedZoneId"), body);
                }
                break;
            case "GET hostedzone/2":
                if (rest.get(2).equals("rrset")) {
                    return listResourceRecordSets(resourceId(rest.get(1), "hostedZoneId"), query);
                }
                break;
            case "GET change/1":
                return getChange(resourceId(rest.get(1), "id"));
            case "POST healthcheck/0":
                return createHealthCheck(body);
            case "GET healthcheck/1":
                return getHealthCheck(rest.get(1));
            case "GET healthcheck/2":
                if (rest.get(2).equals("status")) {
                    return getHealthCheckStatus(rest.get(1));
                }
                break;
            default:
                break;
        }
        throw Route53Error.unknownOperation(method, path);
    }

    /**
     * Route53 checks a path id against its model constraint (at most 32 characters) before looking it up: an id
     * still carrying its {@code /hostedzone/} prefix (as ListHostedZonesByName returns it, and the Java SDK does not
     * strip) is refused with InvalidInput.
     */
    private static String resourceId(String id, String member) {
        if (id.length() > 32) {
            throw Route53Error.invalidInput("1 validation error detected: Value '" + id + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to 32");
        }
        return id;
    }

    private Response createHostedZone(byte[] body) {
        admit("CreateHostedZone");
        XmlRequest request = XmlRequest.parse(body, "CreateHostedZoneRequest");
        String name = request.text("Name");
        String callerReference = request.text("CallerReference");
        if (name == null) {
            throw missing("CreateHostedZoneRequest", "Name");
        }
        if (callerReference == null) {
            throw missing("CreateHostedZoneRequest", "CallerReference");
        }
        if (callerReference.isEmpty() || callerReference.length() > 128) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-length-valid: CallerReference must be 1 to 128 "
                    + "characters long.");
        }
        if (name.length() > 1024) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: Value of Name is longer than 1024.");
        }
        Optional<XmlRequest> config = request.child("HostedZoneConfig");
        String comment = config.map(each -> each.text("Comment")).orElse(null);
        if (comment != null && comment.length() > 256) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-maxLength-valid: Value of Comment is longer than 256.");
        }
        if (request.child("VPC").isPresent() || Boolean.TRUE.equals(config.map(each -> each.bool("PrivateZone"))
                .orElse(null))) {
            throw Route53Error.invalidInput("The edge-deploy sandbox does not serve private hosted zones.");
        }
        if (request.text("DelegationSetId") != null) {
            throw Route53Error.invalidInput("The edge-deploy sandbox does not serve reusable delegation sets.");
        }
        DomainName zoneName;
        try {
            zoneName = DomainName.parse(name);
        } catch (IllegalArgumentException e) {
            throw Route53Error.invalidDomainName(e.getMessage());
        }
        if (zoneName.depth() < 2) {
            // Route53 refuses zones for the root and for top-level domains.
            throw Route53Error.invalidDomainName(zoneName + " is reserved by AWS!");
        }
        Route53Account.ZoneCreation created = account.createHostedZone(zoneName, callerReference, comment);
        XmlWriter xml = new XmlWriter("CreateHostedZoneResponse");
        writeHostedZone(xml, created.zone());
        writeChangeInfo(xml, created.change(), PENDING);
        writeDelegationSet(xml);
        return new Response(201, xml.finish(), LOCATION_BASE + "/hostedzone/" + created.zone().id());
    }

    private Response getHostedZone(String id) {
        admit("GetHostedZone");
        HostedZone zone = account.hostedZone(id);
        XmlWriter xml = new XmlWriter("GetHostedZoneResponse");
        writeHostedZone(xml, zone);
        writeDelegationSet(xml);
        return ok(xml);
    }

    private Response listHostedZonesByName(Map<String, String> query) {
        admit("ListHostedZonesByName");
        String dnsName = query.get("dnsname");
        String startId = query.get("hostedzoneid");
        if (startId != null && dnsName == null) {
            throw Route53Error.invalidInput("Invalid request: HostedZoneId requires DNSName.");
        }
        int maxItems = maxItems(query.get("maxitems"), MAX_ZONES_PER_PAGE);
        DomainName start = null;
        if (dnsName != null) {
            try {
                start = DomainName.parse(dnsName);
            } catch (IllegalArgumentException e) {
                throw Route53Error.invalidDomainName(e.getMessage());
            }
        }
        List<HostedZone> zones = new ArrayList<>();
        for (HostedZone zone : account.hostedZonesByName()) {
            int order = start == null ? 1 : zone.name().compareTo(start);
            if (order > 0 || (order == 0 && (startId == null || zone.id().compareTo(startId) >= 0))) {
                zones.add(zone);
            }
        }
        boolean truncated = zones.size() > maxItems;
        XmlWriter xml = new XmlWriter("ListHostedZonesByNameResponse").start("HostedZones");
        zones.stream().limit(maxItems).forEach(zone -> writeHostedZone(xml, zone));
        xml.end().element("DNSName", dnsName).element("HostedZoneId", startId).element("IsTruncated", truncated);
        if (truncated) {
            HostedZone next = zones.get(maxItems);
            xml.element("NextDNSName", next.name().text()).element("NextHostedZoneId", next.id());
        }
        xml.element("MaxItems", maxItems);
        return ok(xml);
    }

    private Response changeResourceRecordSets(String zoneId, byte[] body) {
        admit("ChangeResourceRecordSets");
        account.hostedZone(zoneId);
        ChangeBatch batch = ChangeBatch.read(XmlRequest.parse(body, "ChangeResourceRecordSetsRequest"));
        ChangeInfo change = account.changeRecordSets(zoneId, batch);
        XmlWriter xml = new XmlWriter("ChangeResourceRecordSetsResponse");
        writeChangeInfo(xml, change, PENDING);
        return ok(xml);
    }

    private Response listResourceRecordSets(String zoneId, Map<String, String> query) {
        admit("ListResourceRecordSets");
        HostedZone zone = account.hostedZone(zoneId);
        String name = query.get("name");
        String type = query.get("type");
        String identifier = query.get("identifier");
        if (type != null && name == null) {
            throw Route53Error.invalidInput("Invalid request: StartRecordType requires StartRecordName.");
        }
        if (identifier != null && type == null) {
            throw Route53Error.invalidInput("Invalid request: StartRecordIdentifier requires StartRecordName and "
                    + "StartRecordType.");
        }
        if (type != null && !ChangeBatch.RECORD_TYPES.contains(type)) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-enumeration-valid: Value '" + type
                    + "' is not facet-valid with respect to enumeration '" + ChangeBatch.RECORD_TYPES + "'.");
        }
        int maxItems = maxItems(query.get("maxitems"), MAX_RECORD_SETS_PER_PAGE);
        RecordSet.Key start = null;
        if (name != null) {
            try {
                start = new RecordSet.Key(DomainName.parse(name), type == null ? "" : type, identifier);
            } catch (IllegalArgumentException e) {
                throw Route53Error.invalidInput(e.getMessage());
            }
        }
        List<RecordSet> sets = new ArrayList<>();
        for (RecordSet set : zone.recordSets()) {
            if (start == null || set.key().compareTo(start) >= 0) {
                sets.add(set);
            }
        }
        boolean truncated = sets.size() > maxItems;
        XmlWriter xml = new XmlWriter("ListResourceRecordSetsResponse").start("ResourceRecordSets");
        sets.stream().limit(maxItems).forEach(set -> writeRecordSet(xml, set));
        xml.end().element("IsTruncated", truncated);
        if (truncated) {
            RecordSet next = sets.get(maxItems);
            xml.element("NextRecordName", next.name().text()).element("NextRecordType", next.type())
                    .element("NextRecordIdentifier", next.setIdentifier());
        }
        xml.element("MaxItems", maxItems);
        return ok(xml);
    }

    private Response getChange(String id) {
        admit("GetChange");
        XmlWriter xml = new XmlWriter("GetChangeResponse");
        ChangeInfo change = account.change(id);
        writeChangeInfo(xml, change, change.statusAt(account.now()));
        return ok(xml);
    }

    private Response createHealthCheck(byte[] body) {
        admit("CreateHealthCheck");
        XmlRequest request = XmlRequest.parse(body, "CreateHealthCheckRequest");
        String callerReference = request.text("CallerReference");
        if (callerReference == null) {
            throw missing("CreateHealthCheckRequest", "CallerReference");
        }
        if (callerReference.isEmpty() || callerReference.length() > 64) {
            throw Route53Error.invalidInput("Invalid XML ; cvc-length-valid: CallerReference must be 1 to 64 "
                    + "characters long.");
        }
        XmlRequest config = request.child("HealthCheckConfig")
                .orElseThrow(() -> missing("CreateHealthCheckRequest", "HealthCheckConfig"));
        Optional<XmlRequest> alarm = config.child("AlarmIdentifier");
        HealthCheckConfig settings = new HealthCheckConfig(config.text("IPAddress"), config.integer("Port"),
                config.text("Type"), config.text("ResourcePath"), config.text("FullyQualifiedDomainName"),
                config.text("SearchString"), config.integer("RequestInterval"), config.integer("FailureThreshold"),
                config.bool("MeasureLatency"), config.bool("Inverted"), config.bool("Disabled"),
                config.integer("HealthThreshold"),
                config.child("ChildHealthChecks").map(children -> children.children("ChildHealthCheck").stream()
                        .map(XmlRequest::text).toList()).orElse(null),
                config.bool("EnableSNI"),
                config.child("Regions").map(regions -> regions.children("Region").stream().map(XmlRequest::text)
                        .toList()).orElse(null),
                alarm.map(each -> each.text("Region")).orElse(null), alarm.map(each -> each.text("Name")).orElse(null),
                config.text("InsufficientDataHealthStatus"), config.text("RoutingControlArn")).validated();
        HealthCheck check = account.createHealthCheck(callerReference, settings);
        XmlWriter xml = new XmlWriter("CreateHealthCheckResponse");
        writeHealthCheck(xml, check);
        return new Response(201, xml.finish(), LOCATION_BASE + "/healthcheck/" + check.id());
    }

    private Response getHealthCheck(String id) {
        admit("GetHealthCheck");
        XmlWriter xml = new XmlWriter("GetHealthCheckResponse");
        writeHealthCheck(xml, account.healthCheck(id));
        return ok(xml);
    }

    /**
     * What each checker region last observed. Route53 has no observations for a CALCULATED check (its status is
     * derived from its children) and refuses the request.
     */
    private Response getHealthCheckStatus(String id) {
        admit("GetHealthCheckStatus");
        HealthCheck check = account.healthCheck(id);
        HealthCheckConfig config = check.config();
        if (config.type().equals("CALCULATED")) {
            throw Route53Error.invalidInput("Invalid parameter : GetHealthCheckStatus is not supported for health "
                    + "checks of type CALCULATED.");
        }
        List<String> regions = config.regions() == null ? HealthCheckConfig.CHECKER_REGIONS : config.regions();
        boolean healthy = check.observedHealthy();
        String status = switch (config.type()) {
            case "TCP" -> healthy ? "Success: TCP connection established" : "Failure: Connection timed out";
            case "CLOUDWATCH_METRIC" -> healthy ? "Success: the CloudWatch alarm is in the OK state"
                    : "Failure: the CloudWatch alarm is in the ALARM state";
            case "RECOVERY_CONTROL" -> healthy ? "Success: the routing control is On"
                    : "Failure: the routing control is Off";
            default -> healthy ? "Success: HTTP Status Code 200, OK"
                    : "Failure: HTTP Status Code 503, Service Unavailable";
        };
        String checkedAt = timestamp(account.now());
        XmlWriter xml = new XmlWriter("GetHealthCheckStatusResponse").start("HealthCheckObservations");
        for (int i = 0; i < regions.size(); i++) {
            xml.start("HealthCheckObservation").element("Region", regions.get(i))
                    .element("IPAddress", "15.177." + (2 + i * 8) + ".1").start("StatusReport")
                    .element("Status", status).element("CheckedTime", checkedAt).end().end();
        }
        return ok(xml.end());
    }

    private static void writeHostedZone(XmlWriter xml, HostedZone zone) {
        xml.start("HostedZone").element("Id", "/hostedzone/" + zone.id()).element("Name", zone.name().text())
                .element("CallerReference", zone.callerReference()).start("Config").element("Comment", zone.comment())
                .element("PrivateZone", false).end().element("ResourceRecordSetCount", zone.recordSetCount()).end();
    }

    private static void writeDelegationSet(XmlWriter xml) {
        xml.start("DelegationSet").start("NameServers");
        HostedZone.NAME_SERVERS.forEach(server -> xml.element("NameServer", server));
        xml.end().end();
    }

    private static void writeChangeInfo(XmlWriter xml, ChangeInfo change, String status) {
        xml.start("ChangeInfo").element("Id", "/change/" + change.id()).element("Status", status)
                .element("SubmittedAt", timestamp(change.submittedAt())).element("Comment", change.comment()).end();
    }

    private static void writeRecordSet(XmlWriter xml, RecordSet set) {
        xml.start("ResourceRecordSet").element("Name", set.name().text()).element("Type", set.type())
                .element("SetIdentifier", set.setIdentifier()).element("Region", set.region())
                .element("TTL", set.ttl()).start("ResourceRecords");
        set.values().forEach(value -> xml.start("ResourceRecord").element("Value", value).end());
        xml.end().element("HealthCheckId", set.healthCheckId()).end();
    }

    private static void writeHealthCheck(XmlWriter xml, HealthCheck check) {
        HealthCheckConfig config = check.config();
        xml.start("HealthCheck").element("Id", check.id()).element("CallerReference", check.callerReference())
                .start("HealthCheckConfig").element("IPAddress", config.ipAddress()).element("Port", config.port())
                .element("Type", config.type()).element("ResourcePath", config.resourcePath())
                .element("FullyQualifiedDomainName", config.fullyQualifiedDomainName())
                .element("SearchString", config.searchString()).element("RequestInterval", config.requestInterval())
                .element("FailureThreshold", config.failureThreshold())
                .element("MeasureLatency", config.measureLatency()).element("Inverted", config.inverted())
                .element("Disabled", config.disabled()).element("HealthThreshold", config.healthThreshold());
        if (config.childHealthChecks() != null) {
            xml.start("ChildHealthChecks");
            config.childHealthChecks().forEach(child -> xml.element("ChildHealthCheck", child));
            xml.end();
        }
        xml.element("EnableSNI", config.enableSni());
        if (config.regions() != null) {
            xml.start("Regions");
            config.regions().forEach(region -> xml.element("Region", region));
            xml.end();
        }
        if (config.alarmName() != null) {
            xml.start("AlarmIdentifier").element("Region", config.alarmRegion()).element("Name", config.alarmName())
                    .end();
        }
        xml.element("InsufficientDataHealthStatus", config.insufficientDataHealthStatus())
                .element("RoutingControlArn", config.routingControlArn()).end()
                .element("HealthCheckVersion", 1).end();
    }

    private static Response ok(XmlWriter xml) {
        return new Response(200, xml.finish(), null);
    }

    private static int maxItems(String text, int limit) {
        if (text == null) {
            return limit;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1) {
                throw Route53Error.invalidInput("Invalid request: MaxItems must be at least 1.");
            }
            // Route53 returns at most its page limit whatever MaxItems asks for.
            return Math.min(value, limit);
        } catch (NumberFormatException e) {
            throw Route53Error.invalidInput("Invalid request: MaxItems '" + text + "' is not a number.");
        }
    }

    private static Route53Error missing(String element, String expected) {
        return Route53Error.invalidInput("Invalid XML ; cvc-complex-type.2.4.b: The content of element '" + element
                + "' is not complete. One of '{\"" + XmlWriter.NAMESPACE + "\":" + expected + "}' is expected.");
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value,
                    StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
