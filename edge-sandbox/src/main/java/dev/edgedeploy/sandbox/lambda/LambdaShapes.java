package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The service model's output shapes the control plane answers with: FunctionConfiguration and AliasConfiguration. */
final class LambdaShapes {

    /** Lambda's LastModified format, e.g. {@code 2026-11-24T13:00:40.616+0000}. */
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final UnaryOperator<String> functionArn;
    private final Function<CodePackage, String> codeLocation;
    private final Clock clock;

    LambdaShapes(ObjectMapper json, UnaryOperator<String> functionArn, Function<CodePackage, String> codeLocation,
            Clock clock) {
        this.json = json;
        this.functionArn = functionArn;
        this.codeLocation = codeLocation;
        this.clock = clock;
    }

    /** GetFunction's {@code Code.Location}: where the package can be downloaded without signing. */
    String codeLocation(CodePackage code) {
        return codeLocation.apply(code);
    }

    /**
     * A FunctionConfiguration. {@code $LATEST} has the unqualified ARN except in ListVersionsByFunction
     * ({@code qualifyLatest}), as Lambda answers.
     */
    ObjectNode configuration(String functionName, FunctionVersion version, boolean qualifyLatest) {
        Instant now = clock.instant();
        FunctionSettings settings = version.settings();
        ObjectNode node = json.createObjectNode();
        node.put("FunctionName", functionName);
        boolean latest = LambdaControlPlane.LATEST.equals(version.version());
        node.put("FunctionArn", latest && !qualifyLatest ? functionArn.apply(functionName)
                : functionArn.apply(functionName) + ":" + version.version());
        node.put("Runtime", settings.runtime());
        node.put("Role", settings.role());
        node.put("Handler", settings.handler());
        node.put("CodeSize", version.code().size());
        node.put("Description", settings.description());
        node.put("Timeout", settings.timeoutSeconds());
        node.put("MemorySize", settings.memorySize());
        node.put("LastModified", LAST_MODIFIED.format(version.lastModified()));
        node.put("CodeSha256", version.code().sha256());
        node.put("Version", version.version());
        if (!settings.environment().isEmpty()) {
            ObjectNode variables = node.putObject("Environment").putObject("Variables");
            new TreeMap<>(settings.environment()).forEach(variables::put);
        }
        node.putObject("TracingConfig").put("Mode", "PassThrough");
        node.put("RevisionId", version.revisionId(now));
        String state = version.state(now);
        node.put("State", state);
        if ("Pending".equals(state)) {
            node.put("StateReason", "The function is being created.");
            node.put("StateReasonCode", "Creating");
        }
        node.put("LastUpdateStatus", version.lastUpdateStatus(now));
        node.put("PackageType", "Zip");
        ArrayNode architectures = node.putArray("Architectures");
        settings.architectures().forEach(architectures::add);
        node.putObject("EphemeralStorage").put("Size", settings.ephemeralStorageSize());
        ObjectNode snapStart = node.putObject("SnapStart");
        snapStart.put("ApplyOn", "None");
        snapStart.put("OptimizationStatus", "Off");
        ObjectNode logging = node.putObject("LoggingConfig");
        logging.put("LogFormat", "Text");
        logging.put("LogGroup", "/aws/lambda/" + functionName);
        return node;
    }

    /** An AliasConfiguration; RoutingConfig only when the alias routes to a second version. */
    ObjectNode alias(String functionName, AliasConfiguration alias) {
        ObjectNode node = json.createObjectNode();
        node.put("AliasArn", functionArn.apply(functionName) + ":" + alias.name());
        node.put("Name", alias.name());
        node.put("FunctionVersion", alias.functionVersion());
        node.put("Description", alias.description());
        if (!alias.additionalVersionWeights().isEmpty()) {
            ObjectNode weights = node.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            alias.additionalVersionWeights().forEach(weights::put);
        }
        node.put("RevisionId", alias.revisionId());
        return node;
    }
}
