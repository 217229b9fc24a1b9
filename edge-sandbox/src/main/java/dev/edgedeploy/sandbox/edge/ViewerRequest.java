package dev.edgedeploy.sandbox.edge;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A viewer's request as it reaches an edge location.
 *
 * @param method the HTTP method
 * @param uri the path, starting with {@code /}, as sent (percent-encoding kept)
 * @param querystring the query without {@code ?}, empty for none
 * @param headers the viewer's headers, names lower-case, one value each
 * @param clientIp the viewer's address, CloudFront's {@code clientIp}
 * @param edgeLocation the edge location that receives it, null for the front's default location
 * @param body the request body, empty for none
 */
public record ViewerRequest(String method, String uri, String querystring, Map<String, String> headers,
        String clientIp, String edgeLocation, byte[] body) {

    /** The client IP of a viewer the test does not name. */
    public static final String DEFAULT_CLIENT_IP = "203.0.113.178";

    public ViewerRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        if (!uri.startsWith("/")) {
            throw new IllegalArgumentException("uri must start with /: " + uri);
        }
        Objects.requireNonNull(querystring, "querystring");
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lower);
        Objects.requireNonNull(clientIp, "clientIp");
        body = body == null ? new byte[0] : body.clone();
    }

    /** A request without a body. */
    public ViewerRequest(String method, String uri, String querystring, Map<String, String> headers, String clientIp,
            String edgeLocation) {
        this(method, uri, querystring, headers, clientIp, edgeLocation, new byte[0]);
    }

    /** The body (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A POST of {@code body} to {@code path} from the default viewer at the default location. */
    public static ViewerRequest post(String path, byte[] body) {
        return new ViewerRequest("POST", path, "", Map.of(), DEFAULT_CLIENT_IP, null, body);
    }

    /** A GET of {@code pathAndQuery} (e.g. {@code /assets/a.js?v=1}) from the default viewer at the default location. */
    public static ViewerRequest get(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        return new ViewerRequest("GET", question < 0 ? pathAndQuery : pathAndQuery.substring(0, question),
                question < 0 ? "" : pathAndQuery.substring(question + 1), Map.of(), DEFAULT_CLIENT_IP, null);
    }

    public ViewerRequest withMethod(String value) {
        return new ViewerRequest(value, uri, querystring, headers, clientIp, edgeLocation, body);
    }

    /** This request with one more header (replacing a header of that name). */
    public ViewerRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name.toLowerCase(Locale.ROOT), value);
        return new ViewerRequest(method, uri, querystring, more, clientIp, edgeLocation, body);
    }

    public ViewerRequest withClientIp(String value) {
        return new ViewerRequest(method, uri, querystring, headers, value, edgeLocation, body);
    }

    public ViewerRequest at(String edgeLocationName) {
        return new ViewerRequest(method, uri, querystring, headers, clientIp, edgeLocationName, body);
    }

    /** The header's value, null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
