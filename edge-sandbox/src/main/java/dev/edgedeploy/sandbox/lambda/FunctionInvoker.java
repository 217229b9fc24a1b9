package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs invocations of a version's bundle in warm Node.js workers, with Lambda's payload and error shapes. */
final class FunctionInvoker {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionInvoker.class);
    /** Lambda's payload quota for synchronous invocations (6 MB), request and response. */
    static final int SYNCHRONOUS_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    /** Lambda's payload quota for asynchronous invocations (1 MB since 2025). */
    static final int ASYNCHRONOUS_PAYLOAD_LIMIT = 1024 * 1024;
    /** Lambda's init phase limit, separate from the function timeout. */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_BYTES = 4096;
    private static final Duration EVENT_MAX_AGE = Duration.ofMinutes(5);
    private static final Duration EVENT_RETRY_PAUSE = Duration.ofMillis(100);
    private static final DateTimeFormatter STREAM_DATE =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final WorkerPool pool;
    private final Path runtimeDirectory;
    private final String region;
    private final WorkerCredentials credentials;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService asynchronous;

    FunctionInvoker(WorkerPool pool, Path runtimeDirectory, String region, WorkerCredentials credentials,
            ObjectMapper json, Clock clock, ExecutorService asynchronous) {
        this.pool = pool;
        this.runtimeDirectory = runtimeDirectory;
        this.region = region;
        this.credentials = credentials;
        this.json = json;
        this.clock = clock;
        this.asynchronous = asynchronous;
    }

    /**
     * Invokes the target.
     *
     * @param invocationType {@code RequestResponse}, {@code Event} or {@code DryRun}
     * @param tailLog whether the caller asked for the log tail
     */
    InvocationResult invoke(LambdaControlPlane.InvocationTarget target, byte[] payload, String invocationType,
            boolean tailLog) throws InterruptedException {
        return invoke(target, payload, invocationType, tailLog, null);
    }

    /** Invokes the target in the execution environments of one Lambda@Edge replica (null: the function's region). */
    InvocationResult invoke(LambdaControlPlane.InvocationTarget target, byte[] payload, String invocationType,
            boolean tailLog, EdgeReplica replica) throws InterruptedException {
        int limit = "Event".equals(invocationType) ? ASYNCHRONOUS_PAYLOAD_LIMIT : SYNCHRONOUS_PAYLOAD_LIMIT;
        if (payload.length > limit) {
            throw LambdaApiException.invokePayloadTooLarge(limit);
        }
        JsonNode event = event(payload);
        FunctionVersion version = target.version();
        if (!version.settings().runtime().startsWith("nodejs")) {
            throw LambdaApiException.invalidRuntime("The runtime parameter of " + version.settings().runtime()
                    + " is not supported by the Lambda sandbox, which runs Node.js only.");
        }
        switch (invocationType) {
            case "DryRun":
                return new InvocationResult(204, new byte[0], null, version.version(), null);
            case "Event":
                asynchronous.execute(() -> runQueued(target, event, replica));
                return new InvocationResult(202, new byte[0], null, version.version(), null);
            default:
                return run(target, event, tailLog, replica);
        }
    }

    /**
     * An Event invocation: Lambda queues it and retries while the function is throttled, so a full pool delays
     * it instead of dropping it (for up to {@link #EVENT_MAX_AGE}, Lambda's default is six hours).
     */
    private void runQueued(LambdaControlPlane.InvocationTarget target, JsonNode event, EdgeReplica replica) {
        long giveUp = System.nanoTime() + EVENT_MAX_AGE.toNanos();
        try {
            while (true) {
                try {
                    InvocationResult result = run(target, event, false, replica);
                    if (result.functionError() != null) {
                        LOG.warn("asynchronous invocation of {} failed: {}", target.invokedFunctionArn(),
                                new String(result.payload(), StandardCharsets.UTF_8));
                    }
                    return;
                } catch (LambdaApiException e) {
                    if (e.status() != 429 || System.nanoTime() > giveUp) {
                        LOG.warn("asynchronous invocation of {} dropped: {}", target.invokedFunctionArn(),
                                e.getMessage());
                        return;
                    }
                    Thread.sleep(EVENT_RETRY_PAUSE.toMillis());
                }
            }
        } catch (InterruptedException e) {
            // the service is closing: queued events are dropped with it
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode event(byte[] payload) {
        if (payload.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LambdaApiException.invalidRequestContent(
                    "Could not parse request body into json: Could not parse payload into json: "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private InvocationResult run(LambdaControlPlane.InvocationTarget target, JsonNode event, boolean tailLog,
            EdgeReplica replica) throws InterruptedException {
        FunctionVersion version = target.version();
        FunctionSettings settings = version.settings();
        String requestId = UUID.randomUUID().toString();
        WorkerSpec spec = spec(target.functionName(), version, replica);
        NodeWorker worker = pool.acquire(spec);
        long started = System.nanoTime();
        String log = "";
        try {
            if (!worker.initialized()) {
                ObjectNode initRequest = json.createObjectNode().put("id", "init").put("init", true);
                if (worker.spec().resolver() != null) {
                    initRequest.put("resolver", worker.spec().resolver());
                }
                String answer = worker.exchange(json.writeValueAsString(initRequest), INIT_LIMIT);
                JsonNode init = answer == null ? null : json.readTree(answer);
                if (init == null) {
                    return failure(errorDocument("Runtime.ExitError", "RequestId: " + requestId
                            + " Error: Runtime exited during initialisation"), version, tailLog, requestId, log,
                            started, settings);
                }
                if (!init.path("ok").asBoolean()) {
                    worker.close();
                    return failure((ObjectNode) init.get("error"), version, tailLog, requestId, log, started,
                            settings);
                }
                worker.markInitialized();
            }
            long deadline = System.currentTimeMillis() + settings.timeoutSeconds() * 1000L; // Node reads the real time
            ObjectNode request = json.createObjectNode();
            request.put("id", requestId);
            request.set("event", event);
            ObjectNode context = request.putObject("context");
            context.put("functionName", target.functionName());
            context.put("functionVersion", version.version());
            context.put("invokedFunctionArn", target.invokedFunctionArn());
            context.put("awsRequestId", requestId);
            context.put("memoryLimitInMB", settings.memorySize());
            context.put("logGroupName", "/aws/lambda/" + target.functionName());
            context.put("logStreamName", worker.spec().environment().get("AWS_LAMBDA_LOG_STREAM_NAME"));
            context.put("deadlineMs", deadline);
            String answer = worker.exchange(json.writeValueAsString(request),
                    Duration.ofSeconds(settings.timeoutSeconds()));
            if (answer == null) {
                if (worker.exitCode() != null && System.nanoTime() - started < settings.timeoutSeconds() * 1e9) {
                    return failure(errorDocument("Runtime.ExitError", "RequestId: " + requestId
                            + " Error: Runtime exited with error: exit status " + worker.exitCode()), version,
                            tailLog, requestId, log, started, settings);
                }
                // Lambda stops the execution environment at the timeout and reports it as an unhandled error
                return failure(errorDocument("Sandbox.Timedout", "RequestId: " + requestId
                        + " Error: Task timed out after " + String.format(java.util.Locale.ROOT, "%.2f",
                                (double) settings.timeoutSeconds()) + " seconds"), version, tailLog, requestId,
                        log, started, settings);
            }
            JsonNode result = json.readTree(answer);
            log = result.path("log").asText("");
            if (!result.path("ok").asBoolean()) {
                ObjectNode error = (ObjectNode) result.get("error");
                if (error.path("errorType").asText().startsWith("Runtime.")) {
                    worker.close();
                }
                return failure(error, version, tailLog, requestId, log, started, settings);
            }
            byte[] payload = json.writeValueAsBytes(result.get("result"));
            if (payload.length > SYNCHRONOUS_PAYLOAD_LIMIT) {
                return failure(errorDocument("Function.ResponseSizeTooLarge", "Response payload size exceeded "
                        + "maximum allowed payload size (" + SYNCHRONOUS_PAYLOAD_LIMIT + " bytes)."), version,
                        tailLog, requestId, log, started, settings);
            }
            return new InvocationResult(200, payload, null, version.version(),
                    tailLog ? tail(requestId, version, log, started, settings) : null);
        } catch (IOException e) {
            worker.close();
            throw LambdaApiException.service("the sandbox runtime answered malformed JSON: " + e.getMessage());
        } finally {
            pool.release(worker);
        }
    }

    private InvocationResult failure(ObjectNode error, FunctionVersion version, boolean tailLog, String requestId,
            String log, long started, FunctionSettings settings) throws IOException {
        return new InvocationResult(200, json.writeValueAsBytes(error), "Unhandled", version.version(),
                tailLog ? tail(requestId, version, log, started, settings) : null);
    }

    private ObjectNode errorDocument(String type, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("errorType", type);
        error.put("errorMessage", message);
        return error;
    }

    private static String tail(String requestId, FunctionVersion version, String log, long started,
            FunctionSettings settings) {
        double millis = (System.nanoTime() - started) / 1e6;
        String text = "START RequestId: " + requestId + " Version: " + version.version() + "\n" + log
                + "END RequestId: " + requestId + "\n"
                + String.format(java.util.Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms"
                        + "\tMemory Size: %d MB\t%n", requestId, millis, (long) Math.ceil(millis), settings.memorySize());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] tail = bytes.length <= LOG_TAIL_BYTES ? bytes
                : Arrays.copyOfRange(bytes, bytes.length - LOG_TAIL_BYTES, bytes.length);
        return Base64.getEncoder().encodeToString(tail);
    }

    /** Stops the idle workers of a deleted function ({@code version} null) or of one deleted version. */
    void retire(String functionName, String version) {
        String prefix = functionName + ":" + (version == null ? "" : version + ":");
        pool.retire(key -> key.startsWith(prefix));
    }

    /**
     * The process environment Lambda gives a function, reserved variables over the configured ones; a Lambda@Edge
     * replica's environments are its own (keyed by edge location) and run in the replica's region.
     */
    WorkerSpec spec(String functionName, FunctionVersion version, EdgeReplica replica) {
        FunctionSettings settings = version.settings();
        Map<String, String> environment = new HashMap<>(settings.environment());
        String path = System.getenv("PATH");
        environment.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.put("_HANDLER", settings.handler());
        environment.put("AWS_REGION", region);
        environment.put("AWS_DEFAULT_REGION", region);
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + settings.runtime());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", version.version());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(settings.memorySize()));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", STREAM_DATE.format(clock.instant()) + "/[" + version.version()
                + "]" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), 0, 16));
        environment.put("LAMBDA_TASK_ROOT", version.code().directory().toString());
        environment.put("LAMBDA_RUNTIME_DIR", runtimeDirectory.toString());
        environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        String key = functionName + ":" + version.version() + ":" + version.code().sha256() + ":"
                + Integer.toHexString(settings.hashCode());
        String label = functionName + ":" + version.version();
        if (replica != null) {
            environment.put("AWS_REGION", replica.region());
            environment.put("AWS_DEFAULT_REGION", replica.region());
            key += "@" + replica.edgeLocation() + ":" + replica.resolver();
            label += "@" + replica.edgeLocation();
        }
        return new WorkerSpec(key, label, version.code().directory(), environment,
                replica == null ? null : replica.resolver());
    }
}
