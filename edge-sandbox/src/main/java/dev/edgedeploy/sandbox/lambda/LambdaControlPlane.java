package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgedeploy.sandbox.StateFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The state and rules of the Lambda control plane: functions, $LATEST, numbered versions and aliases, with
 * the validation and error codes of the AWS Lambda API reference (2015-03-31). Every operation is atomic.
 */
final class LambdaControlPlane {

    /** The {@code Runtime} enum of the service model (SDK 2.40.2). */
    static final Set<String> RUNTIMES = Set.of("nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x",
            "nodejs12.x", "nodejs14.x", "nodejs16.x", "java8", "java8.al2", "java11", "python2.7", "python3.6",
            "python3.7", "python3.8", "python3.9", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
            "dotnetcore3.1", "dotnet6", "dotnet8", "nodejs4.3-edge", "go1.x", "ruby2.5", "ruby2.7", "provided",
            "provided.al2", "nodejs18.x", "python3.10", "java17", "ruby3.2", "ruby3.3", "ruby3.4", "python3.11",
            "nodejs20.x", "provided.al2023", "python3.12", "java21", "python3.13", "nodejs22.x", "nodejs24.x",
            "python3.14", "java25");
    /** Runtimes past Lambda's "block function create/update" deprecation date (Lambda runtimes page). */
    static final Set<String> BLOCKED_RUNTIMES = Set.of("nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10",
            "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "python2.7", "python3.6",
            "python3.7", "python3.8", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1",
            "dotnet6", "ruby2.5", "ruby2.7", "go1.x", "java8", "provided");
    /** Environment variables Lambda sets itself and refuses in a function's configuration. */
    static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    static final String LATEST = "$LATEST";

    private static final Pattern ROLE = Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern HANDLER = Pattern.compile("[^\\s]+");
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    private static final Pattern VERSION = Pattern.compile("(\\$LATEST|[0-9]+)");
    private static final int ENVIRONMENT_LIMIT = 4096;

    private final String region;
    private final String accountId;
    private final CodeStore codeStore;
    private final Clock clock;
    private final ObjectMapper json;
    private final LambdaShapes shapes;
    private final S3CodeSource s3Code;
    private final Map<String, LambdaFunction> functions = new TreeMap<>();
    private volatile Duration updateDelay;
    private volatile Predicate<String> replicationCheck;
    private final RandomGenerator routing;
    private final StateFile<LambdaState> stateFile;

    LambdaControlPlane(String region, String accountId, CodeStore codeStore, Clock clock, ObjectMapper json,
            Function<CodePackage, String> codeLocation, S3CodeSource s3Code, Duration updateDelay,
            Predicate<String> replicationCheck, RandomGenerator routing, StateFile<LambdaState> stateFile) {
        this.stateFile = stateFile;
        this.region = region;
        this.accountId = accountId;
        this.codeStore = codeStore;
        this.clock = clock;
        this.json = json;
        this.shapes = new LambdaShapes(json, this::functionArn, codeLocation, clock);
        this.s3Code = s3Code;
        this.updateDelay = updateDelay;
        this.replicationCheck = replicationCheck;
        this.routing = routing;
    }

    void updateDelay(Duration delay) {
        this.updateDelay = delay;
    }

    void replicationCheck(Predicate<String> check) {
        this.replicationCheck = check;
    }

    String region() {
        return region;
    }

    String accountId() {
        return accountId;
    }

    FunctionReference reference(String functionName, String qualifier, FunctionReference.Form form) {
        return FunctionReference.parse(functionName, qualifier, form, region, accountId);
    }

    String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    // ---------------------------------------------------------------- functions

    synchronized ObjectNode createFunction(JsonNode body) {
        ModelConstraints constraints = new ModelConstraints();
        String functionName = RequestMembers.text(body, "FunctionName");
        constraints.required(functionName, "functionName");
        String role = RequestMembers.text(body, "Role");
        constraints.required(role, "role");
        constraints.pattern(role, "role", ROLE);
        constraints.length(role, "role", 0, 2048);
        JsonNode code = body.get("Code");
        constraints.required(code, "code");
        String runtime = RequestMembers.text(body, "Runtime");
        constraints.oneOf(runtime, "runtime", RUNTIMES);
        String handler = RequestMembers.text(body, "Handler");
        constraints.length(handler, "handler", 0, 128);
        constraints.pattern(handler, "handler", HANDLER);
        String description = RequestMembers.text(body, "Description");
        constraints.length(description, "description", 0, 256);
        Integer timeout = RequestMembers.integer(body, "Timeout");
        constraints.range(timeout, "timeout", 1, 900);
        Integer memorySize = RequestMembers.integer(body, "MemorySize");
        constraints.range(memorySize, "memorySize", 128, 10240);
        String packageType = RequestMembers.text(body, "PackageType");
        constraints.oneOf(packageType, "packageType", List.of("Zip", "Image"));
        List<String> architectures = RequestMembers.architectures(body, constraints);
        Integer ephemeralStorage = body.path("EphemeralStorage").isObject()
                ? RequestMembers.integer(body.get("EphemeralStorage"), "Size") : null;
        constraints.range(ephemeralStorage, "ephemeralStorage.size", 512, 10240);
        Map<String, String> environment = RequestMembers.environment(body, constraints);
        constraints.check();

        FunctionReference reference = reference(functionName, null, FunctionReference.Form.QUALIFIABLE);
        if (reference.qualifier() != null) {
            throw LambdaApiException.invalidParameter("Unqualified function name expected, got " + functionName);
        }
        if ("Image".equals(packageType)) {
            String imageUri = RequestMembers.text(code, "ImageUri");
            throw LambdaApiException.invalidParameter("Source image " + imageUri
                    + " does not exist. Provide a valid source image.");
        }
        if (runtime == null || handler == null) {
            throw LambdaApiException.invalidParameter(
                    "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }
        refuseBlockedRuntime(runtime);
        checkEnvironment(environment);
        if (functions.containsKey(reference.name())) {
            throw LambdaApiException.conflict("Function already exist: " + reference.name());
        }
        CodePackage codePackage = codePackage(code);
        Instant now = clock.instant();
        FunctionSettings settings = new FunctionSettings(runtime, role, handler, description == null ? "" : description,
                timeout == null ? 3 : timeout, memorySize == null ? 128 : memorySize, environment,
                architectures == null ? List.of("x86_64") : architectures,
                ephemeralStorage == null ? 512 : ephemeralStorage);
        LambdaFunction function = new LambdaFunction(reference.name());
        function.latest = new FunctionVersion(LATEST, settings, codePackage, now, revision(), revision(),
                now.plus(updateDelay), FunctionVersion.Transition.CREATING);
        function.tags = RequestMembers.strings(body.get("Tags"));
        functions.put(function.name, function);
        FunctionVersion answered = body.path("Publish").asBoolean(false) ? publish(function, null, now) : function.latest;
        persist();
        return shapes.configuration(function.name, answered, false);
    }

    synchronized ObjectNode getFunction(FunctionReference reference) {
        LambdaFunction function = function(reference);
        FunctionVersion version = version(function, reference);
        ObjectNode answer = json.createObjectNode();
        answer.set("Configuration", shapes.configuration(function.name, version, false));
        ObjectNode code = answer.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", shapes.codeLocation(version.code()));
        if (!function.tags.isEmpty()) {
            ObjectNode tags = answer.putObject("Tags");
            function.tags.forEach(tags::put);
        }
        return answer;
    }

    /** The version a name or ARN resolves to (an alias to its primary version), if it exists. */
    synchronized Optional<VersionDescription> describe(FunctionReference reference) {
        LambdaFunction function = functions.get(reference.name());
        if (function == null) {
            return Optional.empty();
        }
        FunctionVersion version;
        try {
            version = version(function, reference);
        } catch (LambdaApiException e) {
            return Optional.empty();
        }
        FunctionSettings settings = version.settings();
        return Optional.of(new VersionDescription(functionArn(function.name) + ":" + version.version(), function.name,
                version.version(), settings.runtime(), settings.handler(), settings.role(), settings.timeoutSeconds(),
                settings.memorySize(), version.code().size(), version.code().sha256(), settings.environment(),
                settings.architectures(), version.state(clock.instant())));
    }

    synchronized ObjectNode getFunctionConfiguration(FunctionReference reference) {
        LambdaFunction function = function(reference);
        return shapes.configuration(function.name, version(function, reference), false);
    }

    synchronized ObjectNode updateFunctionCode(FunctionReference reference, JsonNode body) {
        ModelConstraints constraints = new ModelConstraints();
        List<String> architectures = RequestMembers.architectures(body, constraints);
        String revisionId = RequestMembers.text(body, "RevisionId");
        constraints.check();
        LambdaFunction function = function(reference);
        Instant now = clock.instant();
        refuseWhilePending(function, now);
        checkRevision(revisionId, function.latest.revisionId(now));
        refuseBlockedRuntime(function.latest.settings().runtime());
        CodePackage codePackage = codePackage(body);
        FunctionSettings current = function.latest.settings();
        FunctionSettings settings = architectures == null ? current
                : new FunctionSettings(current.runtime(), current.role(), current.handler(), current.description(),
                        current.timeoutSeconds(), current.memorySize(), current.environment(), architectures,
                        current.ephemeralStorageSize());
        FunctionVersion updated = new FunctionVersion(LATEST, settings, codePackage, now, revision(), revision(),
                now.plus(updateDelay), FunctionVersion.Transition.UPDATING);
        if (body.path("DryRun").asBoolean(false)) {
            return shapes.configuration(function.name, updated, false);
        }
        function.beforeUpdate = function.latest;
        function.latest = updated;
        FunctionVersion answered = body.path("Publish").asBoolean(false) ? publish(function, null, now) : updated;
        persist();
        return shapes.configuration(function.name, answered, false);
    }

    synchronized ObjectNode publishVersion(FunctionReference reference, JsonNode body) {
        ModelConstraints constraints = new ModelConstraints();
        String description = RequestMembers.text(body, "Description");
        constraints.length(description, "description", 0, 256);
        constraints.check();
        LambdaFunction function = function(reference);
        Instant now = clock.instant();
        refuseWhilePending(function, now);
        String codeSha256 = RequestMembers.text(body, "CodeSha256");
        if (codeSha256 != null && !codeSha256.equals(function.latest.code().sha256())) {
            throw LambdaApiException.invalidParameter("CodeSHA256 (" + codeSha256
                    + ") is different from current CodeSHA256 in $LATEST (" + function.latest.code().sha256()
                    + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        checkRevision(RequestMembers.text(body, "RevisionId"), function.latest.revisionId(now));
        FunctionVersion published = publish(function, description, now);
        persist();
        return shapes.configuration(function.name, published, false);
    }

    synchronized ObjectNode listVersionsByFunction(FunctionReference reference, String marker, String maxItems) {
        LambdaFunction function = function(reference);
        int limit = 50;
        if (maxItems != null) {
            ModelConstraints constraints = new ModelConstraints();
            try {
                limit = Integer.parseInt(maxItems);
                constraints.range(limit, "maxItems", 1, 10000);
            } catch (NumberFormatException e) {
                throw LambdaApiException.invalidParameter("MaxItems must be an integer: " + maxItems);
            }
            constraints.check();
        }
        List<FunctionVersion> all = new ArrayList<>();
        all.add(function.latest);
        all.addAll(function.versions.values());
        int start = 0;
        if (marker != null) {
            try {
                start = Integer.parseInt(marker);
            } catch (NumberFormatException e) {
                throw LambdaApiException.invalidParameter("Invalid marker: " + marker);
            }
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode versions = answer.putArray("Versions");
        int end = Math.min(all.size(), start + limit);
        for (int i = start; i < end; i++) {
            versions.add(shapes.configuration(function.name, all.get(i), true));
        }
        if (end < all.size()) {
            answer.put("NextMarker", Integer.toString(end));
        }
        return answer;
    }

    synchronized void deleteFunction(FunctionReference reference) {
        LambdaFunction function = function(reference);
        Predicate<String> replicated = replicationCheck;
        String qualifier = reference.qualifier();
        if (qualifier == null) {
            for (FunctionVersion version : function.versions.values()) {
                refuseReplicated(function, version, replicated);
            }
            functions.remove(function.name);
            persist();
            return;
        }
        if (LATEST.equals(qualifier)) {
            throw LambdaApiException.invalidParameter(
                    "$LATEST version cannot be deleted without deleting all versions and aliases.");
        }
        if (!RequestMembers.ADDITIONAL_VERSION.matcher(qualifier).matches()) {
            throw LambdaApiException.invalidParameter(
                    "Deletion of aliases is not supported by this operation; use DeleteAlias: " + qualifier);
        }
        FunctionVersion version = function.versions.get(Integer.parseInt(qualifier));
        if (version == null) {
            // measured on the live service: deleting a version that does not exist answers 204 and changes nothing
            return;
        }
        List<String> referencing = function.aliases.values().stream()
                .filter(alias -> alias.functionVersion().equals(qualifier)
                        || alias.additionalVersionWeights().containsKey(qualifier))
                .map(AliasConfiguration::name).toList();
        if (!referencing.isEmpty()) {
            throw LambdaApiException.conflict(
                    "Unable to delete version because the following aliases reference it: " + referencing);
        }
        refuseReplicated(function, version, replicated);
        function.versions.remove(Integer.parseInt(qualifier));
        persist();
    }

    // ---------------------------------------------------------------- aliases

    synchronized ObjectNode createAlias(FunctionReference reference, JsonNode body) {
        ModelConstraints constraints = new ModelConstraints();
        String name = RequestMembers.text(body, "Name");
        if (constraints.required(name, "name")) {
            constraints.length(name, "name", 1, 128);
            constraints.pattern(name, "name", ALIAS);
        }
        String functionVersion = RequestMembers.text(body, "FunctionVersion");
        if (constraints.required(functionVersion, "functionVersion")) {
            constraints.length(functionVersion, "functionVersion", 1, 1024);
            constraints.pattern(functionVersion, "functionVersion", VERSION);
        }
        String description = RequestMembers.text(body, "Description");
        constraints.length(description, "description", 0, 256);
        Map<String, Double> weights = RequestMembers.routingConfig(body, constraints);
        constraints.check();
        LambdaFunction function = function(reference);
        if (function.aliases.containsKey(name)) {
            throw LambdaApiException.conflict("Alias already exists: " + functionArn(function.name) + ":" + name);
        }
        Map<String, Double> routingWeights = weights == null ? Map.of() : weights;
        checkAliasTargets(function, functionVersion, routingWeights);
        AliasConfiguration alias = new AliasConfiguration(name, functionVersion,
                description == null ? "" : description, routingWeights, revision());
        function.aliases.put(name, alias);
        persist();
        return shapes.alias(function.name, alias);
    }

    synchronized ObjectNode getAlias(FunctionReference reference, String name) {
        LambdaFunction function = function(reference);
        return shapes.alias(function.name, alias(function, name));
    }

    synchronized ObjectNode updateAlias(FunctionReference reference, String name, JsonNode body) {
        ModelConstraints constraints = new ModelConstraints();
        String functionVersion = RequestMembers.text(body, "FunctionVersion");
        constraints.length(functionVersion, "functionVersion", 1, 1024);
        constraints.pattern(functionVersion, "functionVersion", VERSION);
        String description = RequestMembers.text(body, "Description");
        constraints.length(description, "description", 0, 256);
        Map<String, Double> weights = RequestMembers.routingConfig(body, constraints);
        constraints.check();
        LambdaFunction function = function(reference);
        AliasConfiguration current = alias(function, name);
        checkRevision(RequestMembers.text(body, "RevisionId"), current.revisionId());
        String primary = functionVersion == null ? current.functionVersion() : functionVersion;
        Map<String, Double> routingWeights = weights == null ? current.additionalVersionWeights() : weights;
        checkAliasTargets(function, primary, routingWeights);
        AliasConfiguration updated = new AliasConfiguration(name, primary,
                description == null ? current.description() : description, routingWeights, revision());
        function.aliases.put(name, updated);
        persist();
        return shapes.alias(function.name, updated);
    }

    // ---------------------------------------------------------------- invocation

    /** What an Invoke runs: the version chosen (by alias weights when the qualifier is an alias). */
    record InvocationTarget(String functionName, FunctionVersion version, String invokedFunctionArn) {
    }

    synchronized InvocationTarget invocationTarget(FunctionReference reference) {
        LambdaFunction function = function(reference);
        Instant now = clock.instant();
        String qualifier = reference.qualifier();
        String invokedArn = qualifier == null ? functionArn(function.name) : functionArn(function.name) + ":" + qualifier;
        FunctionVersion version;
        if (qualifier == null || LATEST.equals(qualifier)) {
            version = function.latest;
            if (version.pending(now) && version.transition() == FunctionVersion.Transition.UPDATING) {
                // until the update completes, invocations run the previous code (Lambda's documented behaviour)
                version = function.beforeUpdate;
            }
        } else if (RequestMembers.ADDITIONAL_VERSION.matcher(qualifier).matches()) {
            version = function.versions.get(Integer.parseInt(qualifier));
            if (version == null) {
                throw LambdaApiException.notFound("Function not found: " + invokedArn);
            }
        } else {
            AliasConfiguration alias = function.aliases.get(qualifier);
            if (alias == null) {
                throw LambdaApiException.notFound("Function not found: " + invokedArn);
            }
            version = resolve(function, routedVersion(alias));
        }
        if (version.pending(now) && version.transition() == FunctionVersion.Transition.CREATING) {
            throw LambdaApiException.conflict("The operation cannot be performed at this time. "
                    + "The function is currently in the following state: Pending");
        }
        return new InvocationTarget(function.name, version, invokedArn);
    }

    private String routedVersion(AliasConfiguration alias) {
        for (Map.Entry<String, Double> additional : alias.additionalVersionWeights().entrySet()) {
            double draw;
            synchronized (routing) {
                draw = routing.nextDouble();
            }
            if (draw < additional.getValue()) {
                return additional.getKey();
            }
        }
        return alias.functionVersion();
    }

    // ---------------------------------------------------------------- state on disk

    /** Loads what an earlier run stored, if anything; another region's or account's state is refused. */
    synchronized void restore() {
        Optional<LambdaState> stored = stateFile.read();
        if (stored.isEmpty()) {
            return;
        }
        LambdaState state = stored.get();
        if (!region.equals(state.region()) || !accountId.equals(state.accountId())) {
            throw stateFile.unusable("it was written for " + state.region() + "/" + state.accountId() + ", not "
                    + region + "/" + accountId, null);
        }
        try {
            for (LambdaState.StoredFunction function : state.functions()) {
                functions.put(function.name(), restored(function));
            }
        } catch (RuntimeException e) {
            functions.clear();
            throw stateFile.unusable("it names code or settings this sandbox cannot restore (" + e.getMessage() + ")",
                    e);
        }
    }

    private LambdaFunction restored(LambdaState.StoredFunction stored) {
        LambdaFunction function = new LambdaFunction(stored.name());
        function.latest = stored.latest().toVersion(codeStore);
        function.beforeUpdate = stored.beforeUpdate() == null ? null : stored.beforeUpdate().toVersion(codeStore);
        stored.versions().forEach(v -> function.versions.put(Integer.parseInt(v.version()), v.toVersion(codeStore)));
        stored.aliases().forEach(alias -> function.aliases.put(alias.name(), alias));
        function.lastVersionNumber = stored.lastVersionNumber();
        function.tags = Map.copyOf(stored.tags());
        return function;
    }

    /** What is stored, and what the sandbox's state dump shows. */
    synchronized LambdaState state() {
        List<LambdaState.StoredFunction> stored = new ArrayList<>();
        for (LambdaFunction function : functions.values()) {
            stored.add(new LambdaState.StoredFunction(function.name, LambdaState.StoredVersion.of(function.latest),
                    function.beforeUpdate == null ? null : LambdaState.StoredVersion.of(function.beforeUpdate),
                    function.versions.values().stream().map(LambdaState.StoredVersion::of).toList(),
                    List.copyOf(function.aliases.values()), function.lastVersionNumber, function.tags));
        }
        return new LambdaState(region, accountId, stored);
    }

    /** The stored state as JSON: functions with their settings and code hashes, versions, aliases. */
    JsonNode stateDump() {
        return stateFile.toJson(state());
    }

    private void persist() {
        stateFile.write(state());
    }

    // ---------------------------------------------------------------- rules

    private FunctionVersion publish(LambdaFunction function, String description, Instant now) {
        FunctionVersion latest = function.latest;
        Map.Entry<Integer, FunctionVersion> newest = function.versions.lastEntry();
        if (newest != null && newest.getValue().code().sha256().equals(latest.code().sha256())
                && sameConfiguration(newest.getValue().settings(), latest.settings())) {
            // "Lambda doesn't publish a version if the function's configuration and code haven't changed since
            // the last version" (PublishVersion API reference): the existing version is returned.
            return newest.getValue();
        }
        int number = ++function.lastVersionNumber;
        FunctionSettings settings = latest.settings();
        if (description != null) {
            settings = new FunctionSettings(settings.runtime(), settings.role(), settings.handler(), description,
                    settings.timeoutSeconds(), settings.memorySize(), settings.environment(),
                    settings.architectures(), settings.ephemeralStorageSize());
        }
        Instant ready = latest.pendingUntil().isAfter(now) ? latest.pendingUntil() : now.plus(updateDelay);
        FunctionVersion version = new FunctionVersion(Integer.toString(number), settings, latest.code(), now,
                revision(), revision(), ready, FunctionVersion.Transition.CREATING);
        function.versions.put(number, version);
        return version;
    }

    private static boolean sameConfiguration(FunctionSettings published, FunctionSettings latest) {
        return published.runtime().equals(latest.runtime()) && published.role().equals(latest.role())
                && published.handler().equals(latest.handler()) && published.timeoutSeconds() == latest.timeoutSeconds()
                && published.memorySize() == latest.memorySize() && published.environment().equals(latest.environment())
                && published.architectures().equals(latest.architectures())
                && published.ephemeralStorageSize() == latest.ephemeralStorageSize();
    }

    private void refuseWhilePending(LambdaFunction function, Instant now) {
        FunctionVersion latest = function.latest;
        if (!latest.pending(now)) {
            return;
        }
        if (latest.transition() == FunctionVersion.Transition.CREATING) {
            throw LambdaApiException.conflict("The operation cannot be performed at this time. "
                    + "The function is currently in the following state: Pending");
        }
        throw LambdaApiException.conflict("The operation cannot be performed at this time. "
                + "An update is in progress for resource: " + functionArn(function.name));
    }

    private static void checkRevision(String expected, String actual) {
        if (expected != null && !expected.equals(actual)) {
            throw LambdaApiException.preconditionFailed("The Revision Id provided does not match the latest "
                    + "Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private void refuseReplicated(LambdaFunction function, FunctionVersion version, Predicate<String> replicated) {
        String arn = functionArn(function.name) + ":" + version.version();
        if (replicated.test(arn)) {
            throw LambdaApiException.invalidParameter("Lambda was unable to delete " + arn
                    + " because it is a replicated function. Please see our documentation for Deleting "
                    + "Lambda@Edge Functions and Replicas.");
        }
    }

    private static void refuseBlockedRuntime(String runtime) {
        if (BLOCKED_RUNTIMES.contains(runtime)) {
            throw LambdaApiException.invalidParameter("The runtime parameter of " + runtime
                    + " is no longer supported for creating or updating AWS Lambda functions. We recommend you use "
                    + "a supported runtime while creating or updating functions.");
        }
    }

    private void checkEnvironment(Map<String, String> environment) {
        List<String> reserved = environment.keySet().stream().filter(RESERVED_VARIABLES::contains).sorted().toList();
        if (!reserved.isEmpty()) {
            throw LambdaApiException.invalidParameter("Lambda was unable to configure your environment variables "
                    + "because the environment variables you have provided contains reserved keys that are currently "
                    + "not supported for modification. Reserved keys used in this request: "
                    + String.join(", ", reserved));
        }
        String measured;
        try {
            measured = json.writeValueAsString(new TreeMap<>(environment));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (measured.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > ENVIRONMENT_LIMIT) {
            throw LambdaApiException.invalidParameter("Lambda was unable to configure your environment variables "
                    + "because the environment variables you have provided exceeded the 4KB limit. String measured: "
                    + measured);
        }
    }

    private void checkAliasTargets(LambdaFunction function, String primary, Map<String, Double> weights) {
        resolve(function, primary);
        if (weights.isEmpty()) {
            return;
        }
        if (weights.size() > 1) {
            throw LambdaApiException.invalidParameter(
                    "Number of items in AdditionalVersionWeights cannot be greater than 1");
        }
        if (LATEST.equals(primary)) {
            throw LambdaApiException.invalidParameter(
                    "$LATEST is not supported for an alias pointing to more than 1 version");
        }
        String additional = weights.keySet().iterator().next();
        if (additional.equals(primary)) {
            throw LambdaApiException.invalidParameter("Invalid function version " + additional
                    + ". Function version " + additional + " is already included in routing configuration.");
        }
        resolve(function, additional);
    }

    private FunctionVersion resolve(LambdaFunction function, String version) {
        if (LATEST.equals(version)) {
            return function.latest;
        }
        FunctionVersion found = function.versions.get(Integer.parseInt(version));
        if (found == null) {
            throw LambdaApiException.notFound("Function not found: " + functionArn(function.name) + ":" + version);
        }
        return found;
    }

    private LambdaFunction function(FunctionReference reference) {
        LambdaFunction function = functions.get(reference.name());
        if (function == null) {
            throw LambdaApiException.notFound("Function not found: " + functionArn(reference.name())
                    + (reference.qualifier() == null ? "" : ":" + reference.qualifier()));
        }
        return function;
    }

    private FunctionVersion version(LambdaFunction function, FunctionReference reference) {
        String qualifier = reference.qualifier();
        if (qualifier == null || LATEST.equals(qualifier)) {
            return function.latest;
        }
        if (RequestMembers.ADDITIONAL_VERSION.matcher(qualifier).matches()) {
            return resolve(function, qualifier);
        }
        AliasConfiguration alias = function.aliases.get(qualifier);
        if (alias == null) {
            throw LambdaApiException.notFound("Function not found: " + functionArn(function.name) + ":" + qualifier);
        }
        return resolve(function, alias.functionVersion());
    }

    private AliasConfiguration alias(LambdaFunction function, String name) {
        AliasConfiguration alias = function.aliases.get(name);
        if (alias == null) {
            throw LambdaApiException.notFound("Alias not found: " + functionArn(function.name) + ":" + name);
        }
        return alias;
    }

    private CodePackage codePackage(JsonNode code) {
        String zipFile = RequestMembers.text(code, "ZipFile");
        String bucket = RequestMembers.text(code, "S3Bucket");
        if (zipFile != null && bucket != null) {
            throw LambdaApiException.invalidParameter(
                    "Please do not provide other FunctionCode parameters when providing a ZipFile.");
        }
        if (zipFile != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(zipFile);
            } catch (IllegalArgumentException e) {
                throw LambdaApiException.invalidParameter(
                        "Could not unzip uploaded file. Please check your file, then try to upload again.");
            }
            return codeStore.store(bytes);
        }
        if (bucket != null) {
            String key = RequestMembers.text(code, "S3Key");
            if (key == null) {
                throw LambdaApiException.invalidParameter("Please provide the S3Key along with the S3Bucket.");
            }
            Optional<byte[]> bytes = s3Code.read(bucket, key, RequestMembers.text(code, "S3ObjectVersion"));
            if (bytes.isEmpty()) {
                throw LambdaApiException.invalidParameter("Error occurred while GetObject. S3 Error Code: NoSuchKey. "
                        + "S3 Error Message: The specified key does not exist.");
            }
            return codeStore.store(bytes.get());
        }
        if (RequestMembers.text(code, "ImageUri") != null) {
            throw LambdaApiException.invalidParameter(
                    "Please don't provide ImageUri when updating a function with packageType Zip.");
        }
        throw LambdaApiException.invalidParameter("Please provide a source for function code.");
    }

    private static String revision() {
        return UUID.randomUUID().toString();
    }

    /** One function's mutable state, guarded by the control plane's lock. */
    private static final class LambdaFunction {
        final String name;
        FunctionVersion latest;
        /** $LATEST as it was before the pending update: what invocations run until the update completes. */
        FunctionVersion beforeUpdate;
        final TreeMap<Integer, FunctionVersion> versions = new TreeMap<>();
        final Map<String, AliasConfiguration> aliases = new TreeMap<>();
        int lastVersionNumber;
        Map<String, String> tags = Map.of();

        LambdaFunction(String name) {
            this.name = name;
        }
    }
}
