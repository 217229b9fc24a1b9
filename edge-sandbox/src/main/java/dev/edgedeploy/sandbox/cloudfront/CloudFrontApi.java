package dev.edgedeploy.sandbox.cloudfront;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.aws.SigV4Authorization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * CloudFront's REST-XML API, version 2020-05-31, as the AWS SDK v2 {@code cloudfront} client speaks it: the
 * distribution operations a deployer needs (Create, Get, GetConfig, Update, List), ETag / If-Match included.
 */
final class CloudFrontApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CloudFrontApi.class);
    static final String VERSION = "2020-05-31";
    private static final String LOCATION_BASE = "https://cloudfront.amazonaws.com/" + VERSION + "/distribution/";
    private static final int DEFAULT_MAX_ITEMS = 100;
    /** The members of a DistributionConfig that a DistributionSummary repeats. */
    private static final List<String> SUMMARY_MEMBERS = List.of("Aliases", "Origins", "OriginGroups",
            "DefaultCacheBehavior", "CacheBehaviors", "CustomErrorResponses", "Comment", "PriceClass", "Enabled",
            "ViewerCertificate", "Restrictions", "WebACLId", "HttpVersion", "IsIPV6Enabled", "Staging");

    private final DistributionRegistry registry;
    private final EdgeFunctionCheck edgeFunctions;
    private final ServiceTraffic traffic;

    CloudFrontApi(DistributionRegistry registry, EdgeFunctionCheck edgeFunctions, ServiceTraffic traffic) {
        this.registry = registry;
        this.edgeFunctions = edgeFunctions;
        this.traffic = traffic;
    }

    /** A traffic record knowing every operation this API serves. */
    static ServiceTraffic newTraffic() {
        return new ServiceTraffic("CloudFront", Set.of("CreateDistribution", "ListDistributions", "GetDistribution",
                "GetDistributionConfig", "UpdateDistribution"));
    }

    /** Counts the request, waits its injected latency and fails it when a fault is due. */
    private void admit(String operation) {
        traffic.admit(operation).ifPresent(fault -> {
            throw switch (fault) {
                case THROTTLING -> CloudFrontError.throttling();
                case SERVER_ERROR -> CloudFrontError.serviceUnavailable();
            };
        });
    }

    private record Response(int status, String xml, String etag, String location) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        Response response;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            authorize(exchange.getRequestHeaders().getFirst("Authorization"));
            response = route(exchange, bytes);
        } catch (CloudFrontError error) {
            response = errorResponse(error, requestId);
        } catch (RuntimeException bug) {
            LOG.error("sandbox CloudFront: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), bug);
            response = errorResponse(CloudFrontError.internalFailure("The sandbox CloudFront failed to process the "
                    + "request; see its log."), requestId);
        }
        byte[] payload = response.xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        if (response.etag() != null) {
            exchange.getResponseHeaders().set("ETag", response.etag());
        }
        if (response.location() != null) {
            exchange.getResponseHeaders().set("Location", response.location());
        }
        exchange.sendResponseHeaders(response.status(), payload.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(payload);
        }
    }

    /** CloudFront is global and signs with the service name {@code cloudfront} in us-east-1. */
    private static void authorize(String header) {
        if (header == null || header.isBlank()) {
            throw CloudFrontError.missingAuthenticationToken();
        }
        SigV4Authorization scope = SigV4Authorization.parse(header).orElseThrow(CloudFrontError::incompleteSignature);
        if (!scope.service().equals("cloudfront")) {
            throw CloudFrontError.signatureDoesNotMatch("Credential should be scoped to correct service: "
                    + "'cloudfront'. ");
        }
    }

    private Response route(HttpExchange exchange, byte[] body) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        List<String> segments = Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        if (segments.size() < 2 || !segments.get(0).equals(VERSION) || !segments.get(1).equals("distribution")
                || query.containsKey("WithTags")) {
            throw CloudFrontError.unknownOperation(method, path);
        }
        List<String> rest = segments.subList(2, segments.size());
        switch (method + " " + rest.size()) {
            case "POST 0":
                return createDistribution(body);
            case "GET 0":
                return listDistributions(query);
            case "GET 1":
                return getDistribution(rest.get(0));
            case "GET 2":
                if (rest.get(1).equals("config")) {
                    return getDistributionConfig(rest.get(0));
                }
                break;
            case "PUT 2":
                if (rest.get(1).equals("config")) {
                    return updateDistribution(rest.get(0), exchange.getRequestHeaders().getFirst("If-Match"), body);
                }
                break;
            default:
                break;
        }
        throw CloudFrontError.unknownOperation(method, path);
    }

    private Response createDistribution(byte[] body) {
        admit("CreateDistribution");
        DistributionConfig config = ConfigDocument.parse(body);
        edgeFunctions.check(config);
        DistributionSnapshot distribution = registry.create(config);
        return new Response(201, distributionXml(distribution), distribution.etag(),
                LOCATION_BASE + distribution.id());
    }

    private Response getDistribution(String id) {
        admit("GetDistribution");
        DistributionSnapshot distribution = registry.get(id);
        return new Response(200, distributionXml(distribution), distribution.etag(), null);
    }

    private Response getDistributionConfig(String id) {
        admit("GetDistributionConfig");
        DistributionSnapshot distribution = registry.get(id);
        return new Response(200, declaration() + withNamespace(distribution.current().xml()), distribution.etag(),
                null);
    }

    /**
     * The body is read first (as CloudFront's front door does), then the target and If-Match, then the slower
     * checks that ask Lambda; the registry checks If-Match again when it applies the change.
     */
    private Response updateDistribution(String id, String ifMatch, byte[] body) {
        admit("UpdateDistribution");
        DistributionConfig config = ConfigDocument.parse(body);
        registry.checkUpdate(id, ifMatch, config);
        edgeFunctions.check(config);
        DistributionSnapshot distribution = registry.update(id, ifMatch, config);
        return new Response(200, distributionXml(distribution), distribution.etag(), null);
    }

    private Response listDistributions(Map<String, String> query) {
        admit("ListDistributions");
        int maxItems = DEFAULT_MAX_ITEMS;
        String maxItemsText = query.get("MaxItems");
        if (maxItemsText != null) {
            try {
                maxItems = Integer.parseInt(maxItemsText);
            } catch (NumberFormatException e) {
                throw CloudFrontError.invalidArgument("The parameter MaxItems has an invalid value: " + maxItemsText);
            }
            if (maxItems < 1) {
                throw CloudFrontError.invalidArgument("The parameter MaxItems has an invalid value: " + maxItemsText);
            }
        }
        String marker = query.getOrDefault("Marker", "");
        List<DistributionSnapshot> all = registry.list().stream()
                .filter(distribution -> marker.isEmpty() || distribution.id().compareTo(marker) > 0).toList();
        List<DistributionSnapshot> page = all.subList(0, Math.min(maxItems, all.size()));
        boolean truncated = all.size() > page.size();
        StringBuilder xml = new StringBuilder(declaration()).append("<DistributionList xmlns=\"")
                .append(ConfigDocument.NAMESPACE).append("\">");
        element(xml, "Marker", marker);
        if (truncated) {
            element(xml, "NextMarker", page.get(page.size() - 1).id());
        }
        element(xml, "MaxItems", String.valueOf(maxItems));
        element(xml, "IsTruncated", String.valueOf(truncated));
        element(xml, "Quantity", String.valueOf(page.size()));
        if (!page.isEmpty()) {
            xml.append("<Items>");
            for (DistributionSnapshot distribution : page) {
                xml.append("<DistributionSummary>");
                element(xml, "Id", distribution.id());
                element(xml, "ARN", distribution.arn());
                element(xml, "ETag", distribution.etag());
                element(xml, "Status", distribution.status());
                element(xml, "LastModifiedTime", timestamp(distribution.lastModified()));
                element(xml, "DomainName", distribution.domainName());
                Element config = parseStored(distribution.current().xml());
                for (Node node = config.getFirstChild(); node != null; node = node.getNextSibling()) {
                    if (node instanceof Element member && SUMMARY_MEMBERS.contains(member.getTagName())) {
                        xml.append(ConfigDocument.canonical(member));
                    }
                }
                xml.append("</DistributionSummary>");
            }
            xml.append("</Items>");
        }
        return new Response(200, xml.append("</DistributionList>").toString(), null, null);
    }

    private static String distributionXml(DistributionSnapshot distribution) {
        StringBuilder xml = new StringBuilder(declaration()).append("<Distribution xmlns=\"")
                .append(ConfigDocument.NAMESPACE).append("\">");
        element(xml, "Id", distribution.id());
        element(xml, "ARN", distribution.arn());
        element(xml, "Status", distribution.status());
        element(xml, "LastModifiedTime", timestamp(distribution.lastModified()));
        element(xml, "InProgressInvalidationBatches", "0");
        element(xml, "DomainName", distribution.domainName());
        xml.append("<ActiveTrustedSigners><Enabled>false</Enabled><Quantity>0</Quantity></ActiveTrustedSigners>");
        xml.append("<ActiveTrustedKeyGroups><Enabled>false</Enabled><Quantity>0</Quantity></ActiveTrustedKeyGroups>");
        xml.append(distribution.current().xml());
        return xml.append("</Distribution>").toString();
    }

    private static Response errorResponse(CloudFrontError error, String requestId) {
        StringBuilder xml = new StringBuilder(declaration()).append("<ErrorResponse xmlns=\"")
                .append(ConfigDocument.NAMESPACE).append("\"><Error>");
        element(xml, "Type", error.type());
        element(xml, "Code", error.code());
        element(xml, "Message", error.getMessage());
        xml.append("</Error>");
        element(xml, "RequestId", requestId);
        return new Response(error.status(), xml.append("</ErrorResponse>").toString(), null, null);
    }

    private static String declaration() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    }

    private static String withNamespace(String configXml) {
        return "<DistributionConfig xmlns=\"" + ConfigDocument.NAMESPACE + "\">"
                + configXml.substring("<DistributionConfig>".length());
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>');
        ConfigDocument.escape(value, xml);
        xml.append("</").append(name).append('>');
    }

    /** ISO 8601 with milliseconds, as CloudFront writes {@code LastModifiedTime}. */
    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Element parseStored(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalStateException("a stored configuration no longer parses", e);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
