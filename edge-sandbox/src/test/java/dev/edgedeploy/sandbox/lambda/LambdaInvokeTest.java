package dev.edgedeploy.sandbox.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Invoke runs the version's bundle in Node.js as Lambda does, through the real AWS SDK v2 client. */
class LambdaInvokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static LambdaSandbox sandbox;
    static int functions;

    @BeforeAll
    static void start() throws IOException {
        // a fixed seed makes the weighted routing reproducible
        sandbox = LambdaSandbox.start(work, settings -> settings.withRouting(new Random(20261124L)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String newName() {
        return "invoke-" + (++functions);
    }

    private static InvokeResponse invoke(String functionName, String qualifier, String payload) {
        return sandbox.lambda.invoke(r -> r.functionName(functionName).qualifier(qualifier)
                .payload(SdkBytes.fromUtf8String(payload)));
    }

    private static JsonNode json(InvokeResponse response) throws IOException {
        return JSON.readTree(response.payload().asByteArray());
    }

    @Test
    void runsTheVersionsBundleWithLambdasContextAndEnvironment() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("v1"), r -> r.publish(true)
                .environment(e -> e.variables(Map.of("GREETING", "hello"))));
        String arn = sandbox.service.functionArn(name);

        InvokeResponse response = invoke(name, "1", "{\"path\":\"/assets/index.js\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("1");
        JsonNode result = json(response);
        assertThat(result.path("marker").asText()).isEqualTo("v1");
        assertThat(result.path("event").path("path").asText()).isEqualTo("/assets/index.js");
        assertThat(result.path("functionName").asText()).isEqualTo(name);
        assertThat(result.path("functionVersion").asText()).isEqualTo("1");
        assertThat(result.path("invokedFunctionArn").asText()).isEqualTo(arn + ":1");
        assertThat(result.path("awsRequestId").asText()).isNotBlank();
        assertThat(result.path("remaining").asLong()).isBetween(1L, 3000L);
        JsonNode env = result.path("env");
        assertThat(env.path("AWS_REGION").asText()).isEqualTo("us-east-1");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo(name);
        assertThat(env.path("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("1");
        assertThat(env.path("AWS_ACCESS_KEY_ID").asText()).isEqualTo(WorkerCredentials.sandbox().accessKeyId());
        assertThat(env.path("AWS_SECRET_ACCESS_KEY").asText()).isEqualTo(WorkerCredentials.sandbox().secretAccessKey());
        assertThat(env.path("AWS_SESSION_TOKEN").asText()).isEqualTo(WorkerCredentials.sandbox().sessionToken());
        assertThat(env.path("GREETING").asText()).isEqualTo("hello");

        JsonNode latest = json(invoke(arn, null, "{}"));
        assertThat(latest.path("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(latest.path("invokedFunctionArn").asText()).isEqualTo(arn);
    }

    @Test
    void aWarmWorkerServesTheNextInvocationsOfTheSameVersion() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("warm"), r -> r.publish(true));

        JsonNode first = json(invoke(name, "1", "{}"));
        JsonNode second = json(invoke(name, "1", "{}"));
        JsonNode third = json(invoke(name, "1", "{}"));

        assertThat(first.path("invocations").asInt()).isEqualTo(1);
        assertThat(second.path("invocations").asInt()).isEqualTo(2);
        assertThat(third.path("invocations").asInt()).isEqualTo(3);
        assertThat(third.path("pid").asLong()).isEqualTo(first.path("pid").asLong());
    }

    @Test
    void anAliasSplitsInvocationsByItsWeights() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("blue"), r -> r.publish(true));
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("green"))
                .publish(true));
        sandbox.lambda.createAlias(r -> r.functionName(name).name("live").functionVersion("1")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.25))));

        Map<String, Integer> executed = new HashMap<>();
        int invocations = 400;
        for (int i = 0; i < invocations; i++) {
            InvokeResponse response = invoke(name, "live", "{}");
            JsonNode result = json(response);
            assertThat(result.path("functionVersion").asText()).isEqualTo(response.executedVersion());
            assertThat(result.path("invokedFunctionArn").asText()).isEqualTo(sandbox.service.functionArn(name) + ":live");
            executed.merge(response.executedVersion(), 1, Integer::sum);
        }

        // binomial(400, 0.25): mean 100, standard deviation 8.7; +-35 is four standard deviations
        assertThat(executed.keySet()).containsExactlyInAnyOrder("1", "2");
        assertThat(executed.get("2")).isBetween(65, 135);
        assertThat(executed.get("1") + executed.get("2")).isEqualTo(invocations);
    }

    @Test
    void aHandlerThatThrowsIsAnUnhandledFunctionError() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.handler("""
                class EdgeConfigError extends Error { constructor(m) { super(m); this.name = 'EdgeConfigError'; } }
                export const handler = async () => { throw new EdgeConfigError('schemaVersion must be 1'); };
                """));

        InvokeResponse response = invoke(name, null, "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(response);
        assertThat(error.path("errorType").asText()).isEqualTo("EdgeConfigError");
        assertThat(error.path("errorMessage").asText()).isEqualTo("schemaVersion must be 1");
        assertThat(error.path("trace").isArray()).isTrue();
        assertThat(error.path("trace").get(0).asText()).contains("schemaVersion must be 1");
    }

    @Test
    void aMissingHandlerModuleIsAnImportModuleError() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.handler("export const handler = async () => 1;"),
                r -> r.handler("missing.handler"));

        InvokeResponse response = invoke(name, null, "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(json(response).path("errorType").asText()).isEqualTo("Runtime.ImportModuleError");
    }

    @Test
    void aHandlerExceedingItsTimeoutIsStoppedAndReportedAsLambdaDoes() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.handler("""
                let calls = 0;
                export const handler = async (event) => {
                  calls += 1;
                  if (event.hang) { while (true) { } }
                  return { calls, pid: process.pid };
                };
                """), r -> r.timeout(1));
        long firstPid = json(invoke(name, null, "{}")).path("pid").asLong();

        InvokeResponse timedOut = invoke(name, null, "{\"hang\":true}");

        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(timedOut);
        assertThat(error.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.path("errorMessage").asText()).contains("Task timed out after 1.00 seconds");
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the timed-out environment is discarded").isFalse();
        JsonNode fresh = json(invoke(name, null, "{}"));
        assertThat(fresh.path("calls").asInt()).as("a new environment starts cold").isEqualTo(1);
    }

    @Test
    void invocationsDuringACodeUpdateRunThePreviousCode() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("old"));
        sandbox.service.updateDelay(Duration.ofSeconds(30));
        try {
            sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("new")));

            assertThat(json(invoke(name, null, "{}")).path("marker").asText()).isEqualTo("old");
        } finally {
            sandbox.service.updateDelay(Duration.ZERO);
        }
    }

    @Test
    void aPendingVersionCannotBeInvokedYet() {
        String name = newName();
        sandbox.service.updateDelay(Duration.ofSeconds(30));
        try {
            sandbox.create(name, Bundles.introspecting("pending"));

            assertThatThrownBy(() -> invoke(name, null, "{}"))
                    .isInstanceOf(ResourceConflictException.class)
                    .hasMessageContaining("The function is currently in the following state: Pending");
        } finally {
            sandbox.service.updateDelay(Duration.ZERO);
        }
    }

    @Test
    void eventAndDryRunInvocationsAnswerWithoutAResult() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("async"));

        InvokeResponse event = sandbox.lambda.invoke(r -> r.functionName(name).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));
        InvokeResponse dryRun = sandbox.lambda.invoke(r -> r.functionName(name).invocationType(InvocationType.DRY_RUN));

        assertThat(event.statusCode()).isEqualTo(202);
        assertThat(dryRun.statusCode()).isEqualTo(204);
    }

    @Test
    void theLogTailHoldsTheFunctionsConsoleOutput() {
        String name = newName();
        sandbox.create(name, Bundles.handler("""
                export const handler = async () => { console.log('weights refreshed'); return 'ok'; };
                """));

        InvokeResponse response = sandbox.lambda.invoke(r -> r.functionName(name).logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{}")));

        String log = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        assertThat(log).contains("START RequestId:", "weights refreshed", "END RequestId:", "REPORT RequestId:");
        assertThat(response.payload().asUtf8String()).isEqualTo("\"ok\"");
    }

    @Test
    void refusesAPayloadThatIsNotJsonAndAnUnknownQualifier() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("json"));

        assertThatThrownBy(() -> invoke(name, null, "not json"))
                .isInstanceOf(InvalidRequestContentException.class);
        assertThatThrownBy(() -> invoke(name, "prod", "{}"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: " + sandbox.service.functionArn(name) + ":prod");
    }

    @Test
    void aHandlerThatExitsTheProcessIsARuntimeExitError() throws IOException {
        String name = newName();
        sandbox.create(name, Bundles.handler("export const handler = async () => { process.exit(3); };"));

        InvokeResponse response = invoke(name, null, "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(response);
        assertThat(error.path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(error.path("errorMessage").asText()).contains("Runtime exited with error: exit status 3");
    }

    @Test
    void theWorkerBoundThrottlesLikeLambdaAndRecyclesIdleWorkersOfOtherVersions(@TempDir Path own)
            throws Exception {
        try (LambdaSandbox small = LambdaSandbox.start(own, settings -> settings.withConcurrencyLimit(1));
                LambdaClient noRetries = LambdaClient.builder()
                        .endpointOverride(small.service.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("AKIDSANDBOXTEST", "sandbox-test-secret")))
                        .httpClient(ApacheHttpClient.create())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build()) {
            small.create("slow", Bundles.handler("""
                    export const handler = async (event) => {
                      if (event.sleepMs) { await new Promise((resolve) => setTimeout(resolve, event.sleepMs)); }
                      return process.pid;
                    };
                    """), r -> r.publish(true).timeout(30));
            small.lambda.updateFunctionCode(r -> r.functionName("slow").zipFile(Bundles.introspecting("other"))
                    .publish(true));
            long first = Long.parseLong(noRetries.invoke(r -> r.functionName("slow").qualifier("1")
                    .payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String());
            // version 2 needs the only slot: version 1's idle worker is stopped to make room
            noRetries.invoke(r -> r.functionName("slow").qualifier("2").payload(SdkBytes.fromUtf8String("{}")));
            assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(small.service.liveWorkers()).isEqualTo(1);

            CompletableFuture<InvokeResponse> busy = CompletableFuture.supplyAsync(() -> noRetries.invoke(r -> r
                    .functionName("slow").qualifier("1").payload(SdkBytes.fromUtf8String("{\"sleepMs\":2000}"))));
            while (small.service.busyWorkers() == 0 && !busy.isDone()) {
                Thread.sleep(10);
            }
            assertThatThrownBy(() -> noRetries.invoke(r -> r.functionName("slow").qualifier("2")
                    .payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(TooManyRequestsException.class)
                    .satisfies(e -> assertThat(((TooManyRequestsException) e).reasonAsString())
                            .isEqualTo("ConcurrentInvocationLimitExceeded"));
            assertThat(busy.get().functionError()).isNull();
        }
    }

    @Test
    void otherSandboxServicesDescribeAndInvokeVersionsInProcess() throws Exception {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("edge"), r -> r.publish(true).memorySize(128).timeout(5));
        String version = sandbox.service.functionArn(name) + ":1";

        VersionDescription described = sandbox.service.describe(version).orElseThrow();
        InvocationResult result = sandbox.service.invoke(version, "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8));

        assertThat(described.version()).isEqualTo("1");
        assertThat(described.runtime()).isEqualTo("nodejs22.x");
        assertThat(described.timeoutSeconds()).isEqualTo(5);
        assertThat(described.environment()).isEmpty();
        assertThat(sandbox.service.describe(sandbox.service.functionArn(name) + ":9")).isEmpty();
        assertThat(result.functionError()).isNull();
        assertThat(JSON.readTree(result.payload()).path("invokedFunctionArn").asText()).isEqualTo(version);
        assertThatThrownBy(() -> sandbox.service.invoke(sandbox.service.functionArn("absent"), new byte[0]))
                .isInstanceOfSatisfying(LambdaApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void aFunctionSignsItsOwnInvokeWithTheExecutionCredentials() throws IOException {
        String target = newName();
        sandbox.create(target, Bundles.introspecting("target"), r -> r.publish(true));
        String prober = newName();
        // what ARCHITECTURE §2's weights probe does: SigV4 with node:crypto and the reserved variables
        sandbox.create(prober, Bundles.handler("""
                import { createHash, createHmac } from 'node:crypto';
                import { request } from 'node:http';
                const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
                const sha256 = (text) => createHash('sha256').update(text).digest('hex');
                export const handler = async (event) => {
                  const url = new URL(`/2015-03-31/functions/${event.target}/invocations?Qualifier=1`,
                    process.env.SANDBOX_ENDPOINT);
                  const body = JSON.stringify({ probe: 'weights' });
                  const amzDate = new Date().toISOString().replace(/[:-]|\\.\\d{3}/g, '');
                  const scope = `${amzDate.slice(0, 8)}/${process.env.AWS_REGION}/lambda/aws4_request`;
                  const headers = { host: url.host, 'x-amz-date': amzDate,
                    'x-amz-security-token': process.env.AWS_SESSION_TOKEN };
                  const names = Object.keys(headers).sort();
                  const canonical = ['POST', url.pathname, url.search.slice(1),
                    names.map((name) => `${name}:${headers[name]}\\n`).join(''), names.join(';'), sha256(body)].join('\\n');
                  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\\n');
                  let key = hmac('AWS4' + process.env.AWS_SECRET_ACCESS_KEY, amzDate.slice(0, 8));
                  for (const part of [process.env.AWS_REGION, 'lambda', 'aws4_request']) key = hmac(key, part);
                  headers.authorization = `AWS4-HMAC-SHA256 Credential=${process.env.AWS_ACCESS_KEY_ID}/${scope}, `
                    + `SignedHeaders=${names.join(';')}, Signature=${createHmac('sha256', key).update(toSign).digest('hex')}`;
                  return new Promise((resolve, reject) => {
                    const call = request(url, { method: 'POST', headers }, (response) => {
                      let text = '';
                      response.on('data', (chunk) => { text += chunk; });
                      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
                    });
                    call.on('error', reject);
                    call.end(body);
                  });
                };
                """), r -> r.environment(e -> e.variables(Map.of("SANDBOX_ENDPOINT",
                sandbox.service.endpoint().toString()))));

        JsonNode answer = json(invoke(prober, null, "{\"target\":\"" + target + "\"}"));

        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("body").path("marker").asText()).isEqualTo("target");
        assertThat(answer.path("body").path("event").path("probe").asText()).isEqualTo("weights");
        assertThat(answer.path("body").path("functionVersion").asText()).isEqualTo("1");
    }

    @Test
    void anEventArrivingWhileThrottledRunsOnceAWorkerIsFree(@TempDir Path own) throws Exception {
        try (LambdaSandbox small = LambdaSandbox.start(own, settings -> settings.withConcurrencyLimit(1))) {
            small.create("events", Bundles.handler("""
                    const seen = [];
                    export const handler = async (event) => {
                      if (event.sleepMs) { await new Promise((resolve) => setTimeout(resolve, event.sleepMs)); }
                      if (event.record) { seen.push(event.record); }
                      return seen;
                    };
                    """), r -> r.timeout(30));
            CompletableFuture<InvokeResponse> busy = CompletableFuture.supplyAsync(() -> small.lambda.invoke(r -> r
                    .functionName("events").payload(SdkBytes.fromUtf8String("{\"sleepMs\":1000}"))));
            while (small.service.busyWorkers() == 0 && !busy.isDone()) {
                Thread.sleep(10);
            }

            InvokeResponse queued = small.lambda.invoke(r -> r.functionName("events")
                    .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"record\":\"queued\"}")));

            assertThat(queued.statusCode()).isEqualTo(202);
            busy.get();
            JsonNode seen = JSON.createArrayNode();
            for (int attempt = 0; attempt < 100 && seen.isEmpty(); attempt++) {
                seen = JSON.readTree(small.lambda.invoke(r -> r.functionName("events")
                        .payload(SdkBytes.fromUtf8String("{}"))).payload().asByteArray());
                Thread.sleep(20);
            }
            assertThat(seen).extracting(JsonNode::asText).containsExactly("queued");
        }
    }

    @Test
    void closingTheServiceStopsEveryWorkerProcess(@TempDir Path own) throws IOException {
        long pid;
        try (LambdaSandbox separate = LambdaSandbox.start(own, settings -> settings)) {
            separate.create("closing", Bundles.introspecting("close"));
            InvokeResponse response = separate.lambda.invoke(r -> r.functionName("closing")
                    .payload(SdkBytes.fromUtf8String("{}")));
            pid = JSON.readTree(response.payload().asByteArray()).path("pid").asLong();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(separate.service.liveWorkers()).isEqualTo(1);
        }

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
