package dev.edgedeploy.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.aws.SigV4Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's REST-JSON wire protocol (API version 2015-03-31) as the AWS SDK sends it: routes, SigV4 presence,
 * request bodies, and error responses with {@code x-amzn-ErrorType} that the SDK maps to typed exceptions.
 */
final class LambdaHttpApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaHttpApi.class);
    private static final String PREFIX = "/2015-03-31/functions";
    /** The request size Lambda accepts for CreateFunction and UpdateFunctionCode (a 50 MB zip, base64). */
    private static final long CODE_REQUEST_LIMIT = 69_905_067L;
    private static final long OTHER_REQUEST_LIMIT = 1024 * 1024;
    private static final DateTimeFormatter SIGNING_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration SIGNATURE_VALIDITY = Duration.ofMinutes(15);
    private static final Pattern CODE_DOWNLOAD = Pattern.compile("/sandbox/code/([0-9a-f]{64})\\.zip");

    /** The REST route (method, resource after the function name, {alias} when named) to the operation's name. */
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("POST", "CreateFunction"),
            Map.entry("GET ", "GetFunction"),
            Map.entry("DELETE ", "DeleteFunction"),
            Map.entry("GET configuration", "GetFunctionConfiguration"),
            Map.entry("PUT code", "UpdateFunctionCode"),
            Map.entry("POST versions", "PublishVersion"),
            Map.entry("GET versions", "ListVersionsByFunction"),
            Map.entry("POST aliases", "CreateAlias"),
            Map.entry("GET aliases {alias}", "GetAlias"),
            Map.entry("PUT aliases {alias}", "UpdateAlias"),
            Map.entry("POST invocations", "Invoke"));

    private final LambdaControlPlane controlPlane;
    private final FunctionInvoker invoker;
    private final CodeStore codeStore;
    private final ObjectMapper json;
    private final ServiceTraffic traffic;

    LambdaHttpApi(LambdaControlPlane controlPlane, FunctionInvoker invoker, CodeStore codeStore, ObjectMapper json,
            ServiceTraffic traffic) {
        this.controlPlane = controlPlane;
        this.invoker = invoker;
        this.codeStore = codeStore;
        this.json = json;
        this.traffic = traffic;
    }

    /** A traffic record knowing every operation this API serves. */
    static ServiceTraffic newTraffic() {
        return new ServiceTraffic("Lambda", Set.copyOf(OPERATIONS.values()));
    }

    /** Counts the request, waits its injected latency and fails it when a fault is due. */
    private void admit(String operation) {
        traffic.admit(operation).ifPresent(fault -> {
            throw switch (fault) {
                case THROTTLING -> LambdaApiException.tooManyRequests("CallerRateLimitExceeded");
                case SERVER_ERROR -> LambdaApiException.service("The sandbox Lambda failed this " + operation
                        + " request as it was told to (injected fault).");
            };
        });
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        try (exchange) {
            try {
                route(exchange);
            } catch (LambdaApiException e) {
                sendError(exchange, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendError(exchange, LambdaApiException.service("the sandbox was interrupted"));
            } catch (RuntimeException e) {
                LOG.error("Lambda sandbox failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                sendError(exchange, LambdaApiException.service(String.valueOf(e.getMessage())));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        var download = CODE_DOWNLOAD.matcher(rawPath);
        if ("GET".equals(method) && download.matches()) {
            // stands for the presigned S3 URL of GetFunction's Code.Location: no SigV4 header, like a presigned URL
            downloadCode(exchange, download.group(1));
            return;
        }
        authorize(exchange);
        if (!rawPath.startsWith(PREFIX)) {
            throw LambdaApiException.unknownOperation();
        }
        List<String> segments = segments(rawPath.substring(PREFIX.length()));
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String qualifier = query.get("Qualifier");
        if (segments.isEmpty()) {
            if ("POST".equals(method)) {
                admit(OPERATIONS.get("POST"));
                JsonNode body = body(exchange, CODE_REQUEST_LIMIT, "CreateFunction");
                send(exchange, 201, controlPlane.createFunction(body));
                return;
            }
            throw LambdaApiException.unknownOperation();
        }
        String functionName = segments.get(0);
        String resource = segments.size() > 1 ? segments.get(1) : "";
        String route = method + " " + resource + (segments.size() > 2 ? " {alias}" : "");
        String operation = OPERATIONS.get(route);
        if (operation == null) {
            throw LambdaApiException.unknownOperation();
        }
        admit(operation);
        switch (route) {
            case "GET " -> send(exchange, 200, controlPlane.getFunction(
                    controlPlane.reference(functionName, qualifier, FunctionReference.Form.NAMESPACED)));
            case "DELETE " -> {
                FunctionReference reference =
                        controlPlane.reference(functionName, qualifier, FunctionReference.Form.QUALIFIABLE);
                controlPlane.deleteFunction(reference);
                invoker.retire(reference.name(), reference.qualifier());
                sendEmpty(exchange, 204);
            }
            case "GET configuration" -> send(exchange, 200, controlPlane.getFunctionConfiguration(
                    controlPlane.reference(functionName, qualifier, FunctionReference.Form.NAMESPACED)));
            case "PUT code" -> {
                JsonNode body = body(exchange, CODE_REQUEST_LIMIT, "UpdateFunctionCode");
                send(exchange, 200, controlPlane.updateFunctionCode(unqualified(functionName), body));
            }
            case "POST versions" -> {
                JsonNode body = body(exchange, OTHER_REQUEST_LIMIT, "PublishVersion");
                send(exchange, 201, controlPlane.publishVersion(unqualified(functionName), body));
            }
            case "GET versions" -> send(exchange, 200, controlPlane.listVersionsByFunction(unqualified(functionName),
                    query.get("Marker"), query.get("MaxItems")));
            case "POST aliases" -> {
                JsonNode body = body(exchange, OTHER_REQUEST_LIMIT, "CreateAlias");
                send(exchange, 201, controlPlane.createAlias(unqualified(functionName), body));
            }
            case "GET aliases {alias}" -> send(exchange, 200,
                    controlPlane.getAlias(unqualified(functionName), aliasName(segments)));
            case "PUT aliases {alias}" -> {
                JsonNode body = body(exchange, OTHER_REQUEST_LIMIT, "UpdateAlias");
                send(exchange, 200, controlPlane.updateAlias(unqualified(functionName), aliasName(segments), body));
            }
            case "POST invocations" -> invoke(exchange, functionName, qualifier);
            default -> throw LambdaApiException.unknownOperation();
        }
    }

    private void invoke(HttpExchange exchange, String functionName, String qualifier)
            throws IOException, InterruptedException {
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        String logType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type")).orElse("None");
        ModelConstraints constraints = new ModelConstraints();
        constraints.oneOf(invocationType, "invocationType", List.of("Event", "RequestResponse", "DryRun"));
        constraints.oneOf(logType, "logType", List.of("None", "Tail"));
        constraints.check();
        FunctionReference reference = controlPlane.reference(functionName, qualifier,
                FunctionReference.Form.NAMESPACED);
        byte[] payload = read(exchange.getRequestBody(), FunctionInvoker.SYNCHRONOUS_PAYLOAD_LIMIT,
                () -> LambdaApiException.invokePayloadTooLarge(FunctionInvoker.SYNCHRONOUS_PAYLOAD_LIMIT));
        LambdaControlPlane.InvocationTarget target = controlPlane.invocationTarget(reference);
        InvocationResult result = invoker.invoke(target, payload, invocationType, "Tail".equals(logType));
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("X-Amz-Executed-Version", result.executedVersion());
        if (result.functionError() != null) {
            headers.set("X-Amz-Function-Error", result.functionError());
        }
        if (result.logResult() != null) {
            headers.set("X-Amz-Log-Result", result.logResult());
        }
        if (result.payload().length == 0) {
            exchange.sendResponseHeaders(result.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(result.status(), result.payload().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(result.payload());
        }
    }

    private void authorize(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            throw LambdaApiException.missingAuthentication();
        }
        SigV4Authorization authorization = SigV4Authorization.parse(header).orElseThrow(() ->
                LambdaApiException.incompleteSignature("Authorization header requires 'Credential', "
                        + "'SignedHeaders' and 'Signature' parameters of an AWS4-HMAC-SHA256 signature. "
                        + "Authorization=" + header.split("\\s", 2)[0]));
        if (!"lambda".equals(authorization.service())) {
            throw LambdaApiException.invalidSignature("Credential should be scoped to correct service: 'lambda'. ");
        }
        if (!controlPlane.region().equals(authorization.region())) {
            throw LambdaApiException.invalidSignature("Credential should be scoped to a valid region. ");
        }
        checkSigningTime(exchange.getRequestHeaders().getFirst("X-Amz-Date"), authorization);
    }

    /**
     * AWS accepts a signature for 15 minutes either side of its clock, and only with the scope's date. Checked
     * against the real clock: the client signs with the real time whatever clock the sandbox's state uses.
     */
    private static void checkSigningTime(String amzDate, SigV4Authorization authorization) {
        if (amzDate == null) {
            throw LambdaApiException.incompleteSignature(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant signed;
        try {
            signed = SIGNING_TIME.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw LambdaApiException.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '"
                    + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!amzDate.startsWith(authorization.date())) {
            throw LambdaApiException.invalidSignature("Date in Credential scope does not match YYYYMMDD from "
                    + "ISO-8601 version of date from HTTP: '" + authorization.date() + "' != '"
                    + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        Instant now = Instant.now();
        if (signed.isBefore(now.minus(SIGNATURE_VALIDITY))) {
            throw LambdaApiException.invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + SIGNING_TIME.format(now.minus(SIGNATURE_VALIDITY)) + " (" + SIGNING_TIME.format(now)
                    + " - 15 min.)");
        }
        if (signed.isAfter(now.plus(SIGNATURE_VALIDITY))) {
            throw LambdaApiException.invalidSignature("Signature not yet current: " + amzDate
                    + " is still later than " + SIGNING_TIME.format(now.plus(SIGNATURE_VALIDITY)) + " ("
                    + SIGNING_TIME.format(now) + " + 15 min.)");
        }
    }

    private FunctionReference unqualified(String functionName) {
        return controlPlane.reference(functionName, null, FunctionReference.Form.UNQUALIFIED);
    }

    private static String aliasName(List<String> segments) {
        if (segments.size() != 3) {
            throw LambdaApiException.unknownOperation();
        }
        return segments.get(2);
    }

    private JsonNode body(HttpExchange exchange, long limit, String operation) throws IOException {
        byte[] bytes = read(exchange.getRequestBody(), limit, () -> LambdaApiException.requestTooLarge(operation, limit));
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (!node.isObject()) {
                throw LambdaApiException.serialization("Start of structure or map found where not expected.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LambdaApiException.serialization(e.getOriginalMessage());
        }
    }

    private static byte[] read(InputStream in, long limit, java.util.function.Supplier<LambdaApiException> tooLarge)
            throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw tooLarge.get();
        }
        return bytes;
    }

    private void downloadCode(HttpExchange exchange, String hexSha256) throws IOException {
        Path zip = codeStore.zip(hexSha256);
        if (zip == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/zip");
        exchange.sendResponseHeaders(200, Files.size(zip));
        try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(zip, out);
        }
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private void sendError(HttpExchange exchange, LambdaApiException error) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("x-amzn-ErrorType", error.errorType());
        error.headers().forEach(headers::set);
        send(exchange, error.status(), json.valueToTree(error.body()));
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }
}
