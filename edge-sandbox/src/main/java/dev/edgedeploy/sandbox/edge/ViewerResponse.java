package dev.edgedeploy.sandbox.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an edge location answers a viewer.
 *
 * @param status the HTTP status
 * @param headers the response headers, names lower-case, in the order sent
 * @param body the body bytes as sent (empty for HEAD); the array is shared, do not modify it
 */
public record ViewerResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public ViewerResponse {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        headers = java.util.Collections.unmodifiableMap(lower);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ViewerResponse[status=" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
