package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.edgedeploy.sandbox.ServiceTraffic;
import dev.edgedeploy.sandbox.aws.SigV4Authorization;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CodeDeploy's JSON 1.1 wire protocol as SDK v2's {@code CodeDeployClient} sends it: POST {@code /} with
 * {@code X-Amz-Target: CodeDeploy_20141006.<Operation>} and {@code Content-Type: application/x-amz-json-1.1}, a
 * SigV4 signature scoped to {@code codedeploy} and the service's region, errors as
 * {@code {"__type": …, "message": …}}.
 */
final class CodeDeployApi implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CodeDeployApi.class);
    private static final String TARGET_PREFIX = "CodeDeploy_20141006.";
    private static final int MAX_BODY = 1024 * 1024;

    private final CodeDeployControlPlane controlPlane;
    private final String region;
    private final ObjectMapper json;

    private static final Set<String> OPERATIONS = Set.of("CreateApplication", "GetApplication",
            "CreateDeploymentGroup", "GetDeploymentGroup", "UpdateDeploymentGroup", "CreateDeploymentConfig",
            "GetDeploymentConfig", "CreateDeployment", "GetDeployment", "ListDeployments", "StopDeployment",
            "PutLifecycleEventHookExecutionStatus");

    private final ServiceTraffic traffic;

    CodeDeployApi(CodeDeployControlPlane controlPlane, String region, ObjectMapper json, ServiceTraffic traffic) {
        this.controlPlane = controlPlane;
        this.region = region;
        this.json = json;
        this.traffic = traffic;
    }

    /** A traffic record knowing every operation (X-Amz-Target) this API serves. */
    static ServiceTraffic newTraffic() {
        return new ServiceTraffic("CodeDeploy", OPERATIONS);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            try {
                send(exchange, 200, json.writeValueAsBytes(dispatch(exchange)), requestId);
            } catch (CodeDeployError e) {
                send(exchange, e.status(), error(e.type(), e.getMessage()), requestId);
            } catch (RuntimeException e) {
                LOG.warn("CodeDeploy sandbox failed on {}", exchange.getRequestHeaders().getFirst("X-Amz-Target"), e);
                send(exchange, 500, error("InternalFailure", "The request processing has failed because of an "
                        + "unknown error, exception or failure."), requestId);
            }
        }
    }

    private JsonNode dispatch(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new CodeDeployError("UnknownOperationException", 404, null);
        }
        authorize(exchange);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new CodeDeployError("UnknownOperationException", null);
        }
        JsonNode request = body(exchange);
        String operation = target.substring(TARGET_PREFIX.length());
        if (OPERATIONS.contains(operation)) {
            traffic.admit(operation).ifPresent(fault -> {
                throw switch (fault) {
                    case THROTTLING -> new CodeDeployError("ThrottlingException", "Rate exceeded");
                    case SERVER_ERROR -> new CodeDeployError("InternalFailure", 500, "The request processing has "
                            + "failed because of an unknown error, exception or failure.");
                };
            });
        }
        return switch (operation) {
            case "CreateApplication" -> controlPlane.createApplication(request);
            case "GetApplication" -> controlPlane.getApplication(request);
            case "CreateDeploymentGroup" -> controlPlane.createDeploymentGroup(request);
            case "GetDeploymentGroup" -> controlPlane.getDeploymentGroup(request);
            case "UpdateDeploymentGroup" -> controlPlane.updateDeploymentGroup(request);
            case "CreateDeploymentConfig" -> controlPlane.createDeploymentConfig(request);
            case "GetDeploymentConfig" -> controlPlane.getDeploymentConfig(request);
            case "CreateDeployment" -> controlPlane.createDeployment(request);
            case "GetDeployment" -> controlPlane.getDeployment(request);
            case "ListDeployments" -> controlPlane.listDeployments(request);
            case "StopDeployment" -> controlPlane.stopDeployment(request);
            case "PutLifecycleEventHookExecutionStatus" -> controlPlane.putLifecycleEventHookExecutionStatus(request);
            default -> throw new CodeDeployError("UnknownOperationException", null);
        };
    }

    private void authorize(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            throw new CodeDeployError("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        SigV4Authorization authorization = SigV4Authorization.parse(header).orElseThrow(() ->
                new CodeDeployError("IncompleteSignatureException", 403, "Authorization header requires 'Credential', "
                        + "'Signature' and 'SignedHeaders' parameters of an AWS4-HMAC-SHA256 signature."));
        if (!authorization.service().equals("codedeploy")) {
            throw new CodeDeployError("InvalidSignatureException", 403,
                    "Credential should be scoped to correct service: 'codedeploy'.");
        }
        if (!authorization.region().equals(region)) {
            throw new CodeDeployError("InvalidSignatureException", 403,
                    "Credential should be scoped to a valid region.");
        }
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new CodeDeployError("SerializationException", 413, "The request is too large.");
        }
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new CodeDeployError("SerializationException", "Start of structure or map expected.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CodeDeployError("SerializationException", e.getOriginalMessage());
        }
    }

    private byte[] error(String type, String message) throws JsonProcessingException {
        var node = json.createObjectNode().put("__type", type);
        if (message != null) {
            node.put("message", message);
        }
        return json.writeValueAsBytes(node);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String requestId) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
