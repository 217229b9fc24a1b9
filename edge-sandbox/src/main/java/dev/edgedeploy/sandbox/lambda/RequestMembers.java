package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads members of Lambda's JSON request bodies, recording the model constraints they violate. */
final class RequestMembers {

    /** Service model shape {@code AdditionalVersion}: a published version number. */
    static final Pattern ADDITIONAL_VERSION = Pattern.compile("[0-9]+");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");

    private RequestMembers() {
    }

    /** {@code RoutingConfig.AdditionalVersionWeights}, or null when RoutingConfig is absent. */
    static Map<String, Double> routingConfig(JsonNode body, ModelConstraints constraints) {
        JsonNode routingConfig = body.get("RoutingConfig");
        if (routingConfig == null || routingConfig.isNull()) {
            return null;
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        JsonNode additional = routingConfig.path("AdditionalVersionWeights");
        for (Map.Entry<String, JsonNode> entry : additional.properties()) {
            constraints.length(entry.getKey(), "routingConfig.additionalVersionWeights.member.key", 1, 1024);
            constraints.pattern(entry.getKey(), "routingConfig.additionalVersionWeights.member.key",
                    ADDITIONAL_VERSION);
            double weight = entry.getValue().asDouble();
            constraints.range(weight, "routingConfig.additionalVersionWeights.member.value", 0.0, 1.0);
            weights.put(entry.getKey(), weight);
        }
        return weights;
    }

    /** {@code Architectures} (exactly one of x86_64, arm64), or null when absent. */
    static List<String> architectures(JsonNode body, ModelConstraints constraints) {
        JsonNode node = body.get("Architectures");
        if (node == null || node.isNull()) {
            return null;
        }
        List<String> architectures = new ArrayList<>();
        node.forEach(item -> architectures.add(item.asText()));
        if (architectures.size() != 1) {
            constraints.add("Value '" + architectures + "' at 'architectures' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 1, Member must have length greater than or "
                    + "equal to 1");
        }
        architectures.forEach(item -> constraints.oneOf(item, "architectures.member", List.of("x86_64", "arm64")));
        return architectures;
    }

    /** {@code Environment.Variables}, empty when absent. */
    static Map<String, String> environment(JsonNode body, ModelConstraints constraints) {
        Map<String, String> variables = strings(body.path("Environment").get("Variables"));
        variables.keySet().forEach(key -> constraints.pattern(key, "environment.variables.member.key", VARIABLE_NAME));
        return variables;
    }

    static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        }
        return values;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }
}
