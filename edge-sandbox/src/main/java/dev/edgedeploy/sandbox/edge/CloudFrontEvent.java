package dev.edgedeploy.sandbox.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgedeploy.sandbox.cloudfront.DistributionSnapshot;
import dev.edgedeploy.sandbox.cloudfront.Origin;

/**
 * The request events CloudFront gives a Lambda@Edge function ("Lambda@Edge event structure", request events).
 *
 * <p><b>viewer-request</b>: {@code config} and {@code request} {clientIp, headers (the viewer's, {@code Host} the
 * distribution's domain name, hop-by-hop headers dropped), method, querystring, uri}.
 *
 * <p><b>origin-request</b> for an S3 origin: {@code Records[0].cf.config} {distributionDomainName, distributionId, eventType,
 * requestId} and {@code request} {clientIp, headers, method, origin.s3 {authMethod, customHeaders, domainName, path,
 * region}, querystring, uri}. Headers are in CloudFront's {@code {"lower-name": [{key, value}]}} form.
 *
 * <p>What reaches the origin (and so the event) with a cache policy and no origin request policy: the origin's
 * {@code Host}, CloudFront's {@code User-Agent}, {@code Via} and {@code X-Forwarded-For}, and the normalised
 * {@code Accept-Encoding} when the behavior caches compressed objects. Other viewer headers, cookies and the
 * query string (unless the policy keys on it) are not forwarded. {@code authMethod} is {@code none}: the
 * sandbox's origins carry no origin access identity.
 */
final class CloudFrontEvent {

    /** Connection-level headers CloudFront does not hand to functions. */
    private static final java.util.Set<String> HOP_BY_HOP = java.util.Set.of("connection", "keep-alive", "upgrade",
            "http2-settings", "te", "trailer", "transfer-encoding", "proxy-connection", "proxy-authorization",
            "expect");

    private CloudFrontEvent() {
    }

    /** The body a viewer-request function sees at most ("Quotas on Lambda@Edge": request body with IncludeBody). */
    static final int VIEWER_BODY_LIMIT = 40 * 1024;
    /** The body an origin-request function sees at most. */
    static final int ORIGIN_BODY_LIMIT = 1024 * 1024;

    /**
     * The request's {@code body} for a function whose association includes it: base64, read-only, cut to
     * {@code limit} bytes with {@code inputTruncated} set when longer.
     */
    static void body(ObjectNode request, byte[] body, int limit) {
        boolean truncated = body.length > limit;
        byte[] given = truncated ? java.util.Arrays.copyOf(body, limit) : body;
        ObjectNode node = request.putObject("body");
        node.put("inputTruncated", truncated);
        node.put("action", "read-only");
        node.put("encoding", "base64");
        node.put("data", java.util.Base64.getEncoder().encodeToString(given));
    }

    static ObjectNode viewerRequest(ObjectMapper json, DistributionSnapshot snapshot, ViewerRequest viewer,
            String requestId) {
        ObjectNode event = json.createObjectNode();
        ObjectNode cf = event.putArray("Records").addObject().putObject("cf");
        config(cf, snapshot, "viewer-request", requestId);
        ObjectNode request = cf.putObject("request");
        request.put("clientIp", viewer.clientIp());
        ObjectNode headers = request.putObject("headers");
        header(headers, "Host", snapshot.domainName());
        viewer.headers().forEach((name, value) -> {
            if (!name.equals("host") && !HOP_BY_HOP.contains(name) && !FunctionResult.isDisallowed(name)) {
                header(headers, canonical(name), value);
            }
        });
        request.put("method", viewer.method());
        request.put("querystring", viewer.querystring());
        request.put("uri", viewer.uri());
        return event;
    }

    static ObjectNode originRequest(ObjectMapper json, DistributionSnapshot snapshot, Origin origin, ViewerRequest viewer,
            String querystring, String acceptEncoding, String requestId, String viaHost) {
        ObjectNode event = json.createObjectNode();
        ObjectNode cf = event.putArray("Records").addObject().putObject("cf");
        config(cf, snapshot, "origin-request", requestId);
        ObjectNode request = cf.putObject("request");
        request.put("clientIp", viewer.clientIp());
        ObjectNode headers = request.putObject("headers");
        header(headers, "X-Forwarded-For", viewer.clientIp());
        header(headers, "User-Agent", "Amazon CloudFront");
        header(headers, "Via", "2.0 " + viaHost + " (CloudFront)");
        if (acceptEncoding != null) {
            header(headers, "Accept-Encoding", acceptEncoding);
        }
        header(headers, "Host", origin.domainName());
        request.put("method", viewer.method());
        ObjectNode s3 = request.putObject("origin").putObject("s3");
        s3.put("authMethod", "none");
        s3.putObject("customHeaders");
        s3.put("domainName", origin.domainName());
        s3.put("path", origin.originPath());
        String region = S3Origin.regionOf(origin.domainName());
        s3.put("region", region == null ? "us-east-1" : region);
        request.put("querystring", querystring);
        request.put("uri", viewer.uri());
        return event;
    }

    private static void config(ObjectNode cf, DistributionSnapshot snapshot, String eventType, String requestId) {
        ObjectNode config = cf.putObject("config");
        config.put("distributionDomainName", snapshot.domainName());
        config.put("distributionId", snapshot.id());
        config.put("eventType", eventType);
        config.put("requestId", requestId);
    }

    /** {@code user-agent} to {@code User-Agent}: the header's usual spelling, for {@code key}. */
    private static String canonical(String name) {
        StringBuilder spelled = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            spelled.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return spelled.toString();
    }

    private static void header(ObjectNode headers, String name, String value) {
        headers.putArray(name.toLowerCase(java.util.Locale.ROOT)).addObject().put("key", name).put("value", value);
    }
}
