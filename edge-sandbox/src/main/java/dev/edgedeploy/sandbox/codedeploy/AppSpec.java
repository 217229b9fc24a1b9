package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Lambda AppSpec (awsdocs/aws-codedeploy-user-guide, reference-appspec-file-structure-resources.md and
 * -hooks.md): {@code version: 0.0}, exactly one {@code AWS::Lambda::Function} resource whose Name, Alias,
 * CurrentVersion and TargetVersion are all required, and optional {@code BeforeAllowTraffic} /
 * {@code AfterAllowTraffic} hook functions.
 *
 * @param problems why the AppSpec cannot be deployed (empty when it can); CodeDeploy accepts the revision and fails
 *     the deployment for these
 */
record AppSpec(String functionName, String alias, String currentVersion, String targetVersion,
        String beforeAllowTraffic, String afterAllowTraffic, List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> HOOKS = List.of("BeforeAllowTraffic", "AfterAllowTraffic");

    AppSpec {
        problems = List.copyOf(problems);
    }

    boolean deployable() {
        return problems.isEmpty();
    }

    Optional<String> hook(String event) {
        return Optional.ofNullable(event.equals("BeforeAllowTraffic") ? beforeAllowTraffic : afterAllowTraffic);
    }

    /**
     * Reads YAML or JSON content.
     *
     * @throws CodeDeployError {@code InvalidRevisionException} when the content is neither
     */
    static AppSpec parse(String content) {
        JsonNode root;
        try {
            root = content.strip().startsWith("{") ? JSON.readTree(content) : YAML.readTree(content);
        } catch (JsonProcessingException e) {
            throw new CodeDeployError("InvalidRevisionException",
                    "The AppSpec content is not valid YAML or JSON: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add("The AppSpec file must be a YAML or JSON object.");
            return new AppSpec(null, null, null, null, null, null, problems);
        }
        JsonNode version = root.get("version");
        if (version == null || !(version.isNumber() ? version.asDouble() == 0.0 : "0.0".equals(version.asText()))) {
            problems.add("The AppSpec 'version' must be 0.0.");
        }
        String name = null;
        String alias = null;
        String current = null;
        String target = null;
        JsonNode resources = root.get("Resources");
        if (resources == null || !resources.isArray() || resources.size() != 1) {
            problems.add("The AppSpec must list exactly one resource under 'Resources'.");
        } else {
            JsonNode resource = resources.get(0);
            if (!resource.isObject() || resource.size() != 1) {
                problems.add("The AppSpec resource must be a single named AWS::Lambda::Function.");
            } else {
                JsonNode body = resource.elements().next();
                if (!"AWS::Lambda::Function".equals(body.path("Type").asText(null))) {
                    problems.add("The AppSpec resource 'Type' must be AWS::Lambda::Function.");
                }
                JsonNode properties = body.path("Properties");
                name = property(properties, "Name", problems);
                alias = property(properties, "Alias", problems);
                current = property(properties, "CurrentVersion", problems);
                target = property(properties, "TargetVersion", problems);
                if (current != null && current.equals(target)) {
                    problems.add("TargetVersion must differ from CurrentVersion.");
                }
            }
        }
        String before = null;
        String after = null;
        JsonNode hooks = root.get("Hooks");
        if (hooks != null && !hooks.isNull()) {
            if (!hooks.isArray()) {
                problems.add("'Hooks' must be a list.");
            } else {
                for (JsonNode hook : hooks) {
                    Iterator<Map.Entry<String, JsonNode>> fields = hook.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        if (!HOOKS.contains(field.getKey())) {
                            problems.add("Unknown lifecycle event hook '" + field.getKey()
                                    + "': Lambda deployments have only BeforeAllowTraffic and AfterAllowTraffic.");
                        } else if (!field.getValue().isTextual() || field.getValue().asText().isBlank()) {
                            problems.add("The " + field.getKey() + " hook must name a Lambda function.");
                        } else if (field.getKey().equals("BeforeAllowTraffic")) {
                            before = field.getValue().asText();
                        } else {
                            after = field.getValue().asText();
                        }
                    }
                }
            }
        }
        return new AppSpec(name, alias, current, target, before, after, problems);
    }

    private static String property(JsonNode properties, String name, List<String> problems) {
        JsonNode value = properties.get(name);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            problems.add("The AppSpec resource property '" + name + "' is required.");
            return null;
        }
        return value.asText();
    }
}
