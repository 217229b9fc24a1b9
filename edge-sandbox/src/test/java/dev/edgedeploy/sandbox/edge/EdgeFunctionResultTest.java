package dev.edgedeploy.sandbox.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EdgeFunctionResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodesABase64BodyAndKeepsTheHeaders() throws Exception {
        FunctionResult.Generated generated = FunctionResult.response(json("""
                {"status": "200", "statusDescription": "OK", "bodyEncoding": "base64", "body": "%s",
                 "headers": {"content-type": [{"key": "Content-Type", "value": "text/plain"}]}}
                """.formatted(Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)))),
                FunctionResult.ORIGIN_RESPONSE_LIMIT);

        assertThat(generated.status()).isEqualTo(200);
        assertThat(new String(generated.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(generated.headers()).containsEntry("content-type", java.util.List.of("text/plain"));
    }

    @Test
    void refusesAStatusOutside200To599() {
        assertRefused("{\"status\": \"199\"}", "between 200 and 599");
        assertRefused("{\"status\": \"600\"}", "between 200 and 599");
        assertRefused("{\"status\": \"OK\"}", "not a valid HTTP status code");
    }

    @Test
    void refusesDisallowedAndReadOnlyHeaders() {
        assertRefused(withHeader("x-edge-build", "X-Edge-Build"), "x-edge-build");
        assertRefused(withHeader("x-amz-cf-pop", "X-Amz-Cf-Pop"), "x-amz-cf-pop");
        assertRefused(withHeader("via", "Via"), "via");
        assertRefused(withHeader("transfer-encoding", "Transfer-Encoding"), "transfer-encoding");
        assertRefused(withHeader("connection", "Connection"), "connection");
    }

    @Test
    void refusesHeadersOutOfCloudFrontsShape() {
        assertRefused("{\"status\": \"200\", \"headers\": {\"Content-Type\": [{\"value\": \"a\"}]}}", "lower-case");
        assertRefused("{\"status\": \"200\", \"headers\": {\"content-type\": [{\"key\": \"Accept\", \"value\": \"a\"}]}}",
                "does not match");
        assertRefused("{\"status\": \"200\", \"headers\": {\"content-type\": {\"value\": \"a\"}}}", "not an array");
    }

    @Test
    void refusesABodyOverTheGeneratedResponseLimitOrBadlyEncoded() {
        String big = "x".repeat(FunctionResult.VIEWER_RESPONSE_LIMIT + 1);
        assertThatThrownBy(() -> FunctionResult.response(json("{\"status\": \"200\", \"body\": \"" + big + "\"}"),
                FunctionResult.VIEWER_RESPONSE_LIMIT)).isInstanceOf(EdgeFailure.class)
                .hasMessageContaining("more than the maximum of 40960 bytes");
        assertRefused("{\"status\": \"200\", \"bodyEncoding\": \"base64\", \"body\": \"not base64!\"}", "base64");
        assertRefused("{\"status\": \"200\", \"bodyEncoding\": \"gzip\", \"body\": \"\"}", "text or base64");
    }

    @Test
    void refusesARequestThatChangesAReadOnlyHeaderOrNamesTwoOrigins() throws Exception {
        ObjectNode sent = (ObjectNode) json("""
                {"uri": "/a.js", "querystring": "", "headers": {"accept-encoding": [{"key": "Accept-Encoding",
                 "value": "gzip"}]}, "origin": {"s3": {"domainName": "b.s3.us-east-1.amazonaws.com", "path": "",
                 "authMethod": "none", "region": "us-east-1"}}}
                """);
        ObjectNode changed = sent.deepCopy();
        changed.withObject("/headers").putArray("accept-encoding").addObject().put("key", "Accept-Encoding")
                .put("value", "br");
        ObjectNode twoOrigins = sent.deepCopy();
        twoOrigins.withObject("/origin").putObject("custom").put("domainName", "example.com");
        ObjectNode relative = sent.deepCopy().put("uri", "a.js");

        assertThat(FunctionResult.request(sent.deepCopy(), sent).get("uri").asText()).isEqualTo("/a.js");
        assertThatThrownBy(() -> FunctionResult.request(changed, sent)).hasMessageContaining("read-only header");
        assertThatThrownBy(() -> FunctionResult.request(twoOrigins, sent)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> FunctionResult.request(relative, sent)).hasMessageContaining("starts with /");
    }

    private static String withHeader(String name, String key) {
        return "{\"status\": \"200\", \"headers\": {\"" + name + "\": [{\"key\": \"" + key + "\", \"value\": \"v\"}]}}";
    }

    private static void assertRefused(String result, String reason) {
        assertThatThrownBy(() -> FunctionResult.response(json(result), FunctionResult.ORIGIN_RESPONSE_LIMIT))
                .isInstanceOf(EdgeFailure.class).hasMessageContaining(reason);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
