package dev.edgedeploy.sandbox.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an origin-request function returned, checked as CloudFront checks it: a generated response (it has
 * {@code status}) or the request to send to the origin. Anything CloudFront refuses is an {@link EdgeFailure} (502).
 *
 * <p>Sources: "Lambda@Edge event structure" and "Generate HTTP responses in request triggers" (fields, status 200-599
 * given as a string, {@code bodyEncoding} text|base64), "Restrictions on edge functions" (disallowed headers,
 * read-only headers of origin-request events), "Quotas on Lambda@Edge" (generated response incl. headers and body:
 * 1 MB for origin-request, 40 KB for viewer-request).
 */
final class FunctionResult {

    /** Headers no edge function may add to a request or response ("Disallowed headers"). */
    private static final Set<String> DISALLOWED = Set.of("connection", "expect", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "trailer", "upgrade", "x-accel-buffering", "x-accel-charset",
            "x-accel-limit-rate", "x-accel-redirect", "x-cache", "x-forwarded-proto", "x-real-ip");
    private static final List<String> DISALLOWED_PREFIXES = List.of("x-amz-cf-", "x-edge-", "x-accel-");
    /** Read-only headers of origin-request events: the request's values must come back unchanged. */
    static final Set<String> READ_ONLY_REQUEST = Set.of("accept-encoding", "content-length", "if-modified-since",
            "if-none-match", "if-range", "if-unmodified-since", "transfer-encoding", "via");
    /** Read-only headers of viewer-request events. */
    static final Set<String> READ_ONLY_VIEWER_REQUEST = Set.of("content-length", "host", "transfer-encoding", "via");
    /** Headers a generated response may not set: CloudFront writes them itself. */
    private static final Set<String> READ_ONLY_RESPONSE = Set.of("transfer-encoding", "via");

    /** The largest generated response of an origin-request (origin-response) trigger, headers and body. */
    static final int ORIGIN_RESPONSE_LIMIT = 1024 * 1024;
    /** The largest generated response of a viewer trigger. */
    static final int VIEWER_RESPONSE_LIMIT = 40 * 1024;

    /** A response the function generated. */
    record Generated(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private FunctionResult() {
    }

    static boolean isResponse(JsonNode result) {
        return result != null && result.isObject() && result.has("status");
    }

    /** Checks a generated response against CloudFront's rules and decodes its body. */
    static Generated response(JsonNode result, int sizeLimit) throws EdgeFailure {
        JsonNode statusNode = result.get("status");
        int status;
        if (statusNode.isTextual() && statusNode.asText().matches("\\d{3}")) {
            status = Integer.parseInt(statusNode.asText());
        } else if (statusNode.isIntegralNumber()) {
            status = statusNode.asInt();
        } else {
            throw EdgeFailure.validation("The status is not a valid HTTP status code: " + statusNode);
        }
        if (status < 200 || status > 599) {
            throw EdgeFailure.validation("The status code " + status + " is not between 200 and 599.");
        }
        JsonNode description = result.get("statusDescription");
        if (description != null && !description.isNull() && !description.isTextual()) {
            throw EdgeFailure.validation("statusDescription is not a string.");
        }
        Map<String, List<String>> headers = headers(result.get("headers"), READ_ONLY_RESPONSE);
        long headerBytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                headerBytes += header.getKey().length() + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        JsonNode bodyNode = result.get("body");
        if (bodyNode != null && !bodyNode.isNull() && !bodyNode.isTextual()) {
            throw EdgeFailure.validation("The body is not a string.");
        }
        String bodyText = bodyNode == null || bodyNode.isNull() ? "" : bodyNode.asText();
        JsonNode encodingNode = result.get("bodyEncoding");
        String encoding = encodingNode == null || encodingNode.isNull() ? "text" : encodingNode.asText();
        // The body counts as the function returned it (base64 text, not the decoded bytes): the stricter reading.
        long size = headerBytes + bodyText.getBytes(StandardCharsets.UTF_8).length;
        if (size > sizeLimit) {
            throw EdgeFailure.validation("The generated response is " + size + " bytes (headers and body), more "
                    + "than the maximum of " + sizeLimit + " bytes.");
        }
        byte[] body;
        switch (encoding) {
            case "text" -> body = bodyText.getBytes(StandardCharsets.UTF_8);
            case "base64" -> {
                try {
                    body = Base64.getDecoder().decode(bodyText);
                } catch (IllegalArgumentException e) {
                    throw EdgeFailure.validation("The body is not valid base64.");
                }
            }
            default -> throw EdgeFailure.validation("bodyEncoding must be text or base64, was " + encoding + ".");
        }
        return new Generated(status, headers, body);
    }

    /**
     * Checks the request a viewer-request function returned: {@code uri} starts with {@code /}, read-only headers
     * ({@code Content-Length}, {@code Host}, {@code Transfer-Encoding}, {@code Via}) unchanged, no disallowed header.
     */
    static ObjectNode viewerRequest(JsonNode result, ObjectNode sent) throws EdgeFailure {
        return checkedRequest(result, sent, READ_ONLY_VIEWER_REQUEST);
    }

    /**
     * Checks the request the function returned for the origin: {@code uri} starts with {@code /}, exactly one of
     * {@code origin.s3} / {@code origin.custom}, an S3 domain name lower-case and at most 128 characters, a path
     * that is empty or starts with {@code /} without a trailing one, read-only headers unchanged, no disallowed header.
     */
    static ObjectNode request(JsonNode result, ObjectNode sent) throws EdgeFailure {
        ObjectNode request = checkedRequest(result, sent, READ_ONLY_REQUEST);
        JsonNode origin = request.get("origin");
        if (origin == null || !origin.isObject() || origin.has("s3") == origin.has("custom")) {
            throw EdgeFailure.validation("The origin must hold exactly one of s3 or custom.");
        }
        JsonNode s3 = origin.get("s3");
        if (s3 != null) {
            String domain = s3.path("domainName").asText("");
            if (domain.isEmpty() || domain.length() > 128 || !domain.equals(domain.toLowerCase(Locale.ROOT))) {
                throw EdgeFailure.validation("The S3 origin domainName must be lower-case, 1 to 128 characters: "
                        + domain);
            }
            String path = s3.path("path").asText("");
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
                throw EdgeFailure.validation("The S3 origin path must start with / and must not end with /: "
                        + path);
            }
            String authMethod = s3.path("authMethod").asText("none");
            if (!authMethod.equals("none") && !authMethod.equals("origin-access-identity")) {
                throw EdgeFailure.validation("authMethod must be origin-access-identity or none: " + authMethod);
            }
            if (authMethod.equals("origin-access-identity") && s3.path("region").asText("").isEmpty()) {
                throw EdgeFailure.validation("An S3 origin with origin-access-identity needs its region.");
            }
        }
        return request;
    }

    private static ObjectNode checkedRequest(JsonNode result, ObjectNode sent, Set<String> readOnly)
            throws EdgeFailure {
        if (result == null || !result.isObject()) {
            throw EdgeFailure.validation("The function returned neither a request nor a response.");
        }
        JsonNode uri = result.get("uri");
        if (uri == null || !uri.isTextual() || !uri.asText().startsWith("/")) {
            throw EdgeFailure.validation("The uri must be a string that starts with /.");
        }
        JsonNode querystring = result.get("querystring");
        if (querystring != null && !querystring.isNull() && !querystring.isTextual()) {
            throw EdgeFailure.validation("The querystring must be a string.");
        }
        if (uri.asText().length() + (querystring == null ? 0 : querystring.asText().length()) >= 8192) {
            throw EdgeFailure.validation("The uri and query string are longer than 8,192 characters.");
        }
        Map<String, List<String>> returned = headers(result.get("headers"), Set.of());
        Map<String, List<String>> original = headers(sent.get("headers"), Set.of());
        for (String name : readOnly) {
            if (!java.util.Objects.equals(returned.get(name), original.get(name))) {
                throw EdgeFailure.validation("The function tried to add, delete, or change a read-only header: "
                        + name + ".");
            }
        }
        return (ObjectNode) result;
    }

    /**
     * Headers in CloudFront's {@code {"lower-name": [{"key": "Name", "value": "v"}]}} shape, checked: the map key
     * is the lower-case form of each {@code key}, every value a string, no disallowed header.
     */
    static Map<String, List<String>> headers(JsonNode node, Set<String> readOnly) throws EdgeFailure {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw EdgeFailure.validation("headers must be an object.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                throw EdgeFailure.validation("The header name " + name + " is not lower-case.");
            }
            if (isDisallowed(name) || readOnly.contains(name)) {
                throw EdgeFailure.validation("The function tried to add, delete, or change a read-only or "
                        + "disallowed header: " + name + ".");
            }
            if (!field.getValue().isArray()) {
                throw EdgeFailure.validation("The value of header " + name + " is not an array.");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode entry : field.getValue()) {
                JsonNode key = entry.get("key");
                JsonNode value = entry.get("value");
                if (value == null || !value.isTextual()) {
                    throw EdgeFailure.validation("A value of header " + name + " is not a string.");
                }
                if (key != null && !key.isNull() && !(key.isTextual()
                        && key.asText().toLowerCase(Locale.ROOT).equals(name))) {
                    throw EdgeFailure.validation("The header key " + key + " does not match its name " + name + ".");
                }
                values.add(value.asText());
            }
            headers.put(name, values);
        }
        return headers;
    }

    static boolean isDisallowed(String lowerName) {
        return DISALLOWED.contains(lowerName) || DISALLOWED_PREFIXES.stream().anyMatch(lowerName::startsWith);
    }
}
