package dev.edgedeploy.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The inline Lambda AppSpec of one shift (reference-appspec-file-structure-resources.md): version 0.0, one
 * {@code AWS::Lambda::Function} resource moving {@code alias} from {@code currentVersion} to {@code targetVersion}.
 * Rendered as canonical JSON (a subset of YAML, which CodeDeploy accepts), so the same shift has the same sha256.
 */
public record AppSpec(String functionName, String alias, String currentVersion, String targetVersion) {

    /** The resource's logical name; any name works, one resource is allowed. */
    static final String RESOURCE_NAME = "edgeFunction";
    private static final ObjectMapper JSON = new ObjectMapper();

    public AppSpec {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(currentVersion, "currentVersion");
        Objects.requireNonNull(targetVersion, "targetVersion");
        if (currentVersion.equals(targetVersion)) {
            // CodeDeploy accepts such a revision and then fails the deployment: refuse it here
            throw new IllegalArgumentException("a shift needs two versions, both were " + currentVersion);
        }
    }

    /** The AppSpec content, e.g. {@code {"version":0.0,"Resources":[{"edgeFunction":{"Type":…}}]}}. */
    public String content() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 0.0);
        ObjectNode properties = root.putArray("Resources").addObject().putObject(RESOURCE_NAME)
                .put("Type", "AWS::Lambda::Function")
                .putObject("Properties");
        properties.put("Name", functionName).put("Alias", alias).put("CurrentVersion", currentVersion)
                .put("TargetVersion", targetVersion);
        return root.toString();
    }

    /** Hex SHA-256 of {@link #content()}, as CreateDeployment's {@code appSpecContent.sha256} takes it. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
