package dev.edgedeploy.sandbox.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;

/** The Lambda control plane answered through the real AWS SDK v2 client, checked against AWS's documented behaviour. */
class LambdaControlPlaneConformanceTest {

    @TempDir
    static Path work;
    static LambdaSandbox sandbox;
    static int functions;

    @BeforeAll
    static void start() throws IOException {
        sandbox = LambdaSandbox.start(work, settings -> settings);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String newName() {
        return "fn-" + (++functions);
    }

    @Test
    void createsAFunctionWithLambdasDefaultsAndTheZipsHash() {
        SdkBytes zip = Bundles.introspecting("a");
        String name = newName();
        CreateFunctionResponse created = sandbox.create(name, zip);

        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:" + name);
        assertThat(created.version()).isEqualTo("$LATEST");
        assertThat(created.codeSha256()).isEqualTo(Bundles.sha256(zip));
        assertThat(created.codeSize()).isEqualTo(zip.asByteArray().length);
        assertThat(created.timeout()).isEqualTo(3);
        assertThat(created.memorySize()).isEqualTo(128);
        assertThat(created.state()).isEqualTo(State.ACTIVE);
        assertThat(created.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
        assertThat(created.revisionId()).isNotBlank();
        assertThat(created.packageTypeAsString()).isEqualTo("Zip");

        GetFunctionResponse fetched = sandbox.lambda.getFunction(r -> r.functionName(name));
        assertThat(fetched.configuration().codeSha256()).isEqualTo(created.codeSha256());
        assertThat(fetched.code().repositoryType()).isEqualTo("S3");
    }

    @Test
    void getFunctionsCodeLocationDownloadsTheStoredZip() throws Exception {
        SdkBytes zip = Bundles.introspecting("download");
        String name = newName();
        sandbox.create(name, zip);
        String location = sandbox.lambda.getFunction(r -> r.functionName(name)).code().location();

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(location)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(zip.asByteArray());
    }

    static Stream<Arguments> invalidCreations() {
        return Stream.of(
                Arguments.of("memory below 128 MB", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.memorySize(127)),
                Arguments.of("memory above 10240 MB", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.memorySize(10241)),
                Arguments.of("timeout 0", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.timeout(0)),
                Arguments.of("timeout above 900 s", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.timeout(901)),
                Arguments.of("unknown runtime", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.runtime("nodejs99.x")),
                Arguments.of("deprecated runtime", "InvalidParameterValueException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.runtime("nodejs16.x")),
                Arguments.of("role that is not an IAM role ARN", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.role("edge-role")),
                Arguments.of("handler with whitespace", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.handler("index handler")),
                Arguments.of("no handler", "InvalidParameterValueException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.handler(null)),
                Arguments.of("bytes that are not a zip", "InvalidParameterValueException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.code(c -> c.zipFile(
                                SdkBytes.fromUtf8String("export const handler = () => 1;")))),
                Arguments.of("reserved environment variable", "InvalidParameterValueException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.environment(
                                e -> e.variables(Map.of("AWS_REGION", "eu-west-1")))),
                Arguments.of("environment over 4 KB", "InvalidParameterValueException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.environment(
                                e -> e.variables(Map.of("BIG", "x".repeat(4100))))),
                Arguments.of("function name with a space", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.functionName("bad name")),
                Arguments.of("function name over 64 characters", "ValidationException", 400,
                        (Consumer<CreateFunctionRequest.Builder>) r -> r.functionName("f".repeat(65))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCreations")
    void refusesInvalidCreationsWithAwsErrorCodes(String why, String errorCode, int status,
            Consumer<CreateFunctionRequest.Builder> change) {
        String name = newName();
        LambdaException refused = catchThrowableOfType(LambdaException.class,
                () -> sandbox.create(name, Bundles.introspecting("x"), change));

        assertThat(refused).as(why).isNotNull();
        assertThat(refused.awsErrorDetails().errorCode()).as(why).isEqualTo(errorCode);
        assertThat(refused.statusCode()).as(why).isEqualTo(status);
        assertThatThrownBy(() -> sandbox.lambda.getFunction(r -> r.functionName(name)))
                .as("nothing was created for " + why).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void refusesASecondFunctionWithTheSameName() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("a"));

        assertThatThrownBy(() -> sandbox.create(name, Bundles.introspecting("b")))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("Function already exist: " + name)
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(409));
    }

    @Test
    void acceptsEveryNameFormAndRefusesAContradictingQualifier() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("a"), r -> r.publish(true));
        String arn = sandbox.service.functionArn(name);

        assertThat(sandbox.lambda.getFunction(r -> r.functionName(name)).configuration().version()).isEqualTo("$LATEST");
        assertThat(sandbox.lambda.getFunction(r -> r.functionName("123456789012:function:" + name))
                .configuration().functionName()).isEqualTo(name);
        assertThat(sandbox.lambda.getFunction(r -> r.functionName(arn)).configuration().functionArn()).isEqualTo(arn);
        assertThat(sandbox.lambda.getFunction(r -> r.functionName(arn + ":1")).configuration().version()).isEqualTo("1");
        assertThat(sandbox.lambda.getFunctionConfiguration(r -> r.functionName(name).qualifier("1")).functionArn())
                .isEqualTo(arn + ":1");
        assertThatThrownBy(() -> sandbox.lambda.getFunction(r -> r.functionName(name + ":1").qualifier("2")))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("does not match the specified qualifier");
        assertThatThrownBy(() -> sandbox.lambda.getFunction(r -> r.functionName(name).qualifier("7")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: " + arn + ":7");
        assertThatThrownBy(() -> sandbox.lambda.getFunction(r -> r.functionName(
                "arn:aws:lambda:eu-west-1:123456789012:function:" + name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sandbox.lambda.updateFunctionCode(r -> r.functionName(arn + ":1")
                .zipFile(Bundles.introspecting("b"))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("does not support versions other than $LATEST");
        assertThat(sandbox.lambda.publishVersion(r -> r.functionName(arn + ":$LATEST")).version()).isEqualTo("1");
    }

    @Test
    void aCodeUpdateIsInProgressUntilItCompletesAndRefusesOverlappingChanges() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("a"));
        sandbox.service.updateDelay(Duration.ofSeconds(2));
        try {
            UpdateFunctionCodeResponse updating = sandbox.lambda.updateFunctionCode(
                    r -> r.functionName(name).zipFile(Bundles.introspecting("b")));
            assertThat(updating.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
            assertThat(updating.codeSha256()).isEqualTo(Bundles.sha256(Bundles.introspecting("b")));

            assertThatThrownBy(() -> sandbox.lambda.publishVersion(r -> r.functionName(name)))
                    .isInstanceOf(ResourceConflictException.class)
                    .hasMessageContaining("An update is in progress for resource: " + sandbox.service.functionArn(name));
            assertThatThrownBy(() -> sandbox.lambda.updateFunctionCode(
                    r -> r.functionName(name).zipFile(Bundles.introspecting("c"))))
                    .isInstanceOf(ResourceConflictException.class);

            FunctionConfiguration updated = sandbox.lambda.waiter().waitUntilFunctionUpdatedV2(
                    r -> r.functionName(name),
                    w -> w.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))).maxAttempts(100))
                    .matched().response().orElseThrow().configuration();
            assertThat(updated.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
            assertThat(updated.revisionId()).isNotEqualTo(updating.revisionId());
            assertThat(sandbox.lambda.publishVersion(r -> r.functionName(name)).version()).isEqualTo("1");
        } finally {
            sandbox.service.updateDelay(Duration.ZERO);
        }
    }

    @Test
    void publishVersionRefusesAStaleCodeSha256OrRevisionId() {
        String name = newName();
        CreateFunctionResponse created = sandbox.create(name, Bundles.introspecting("a"));
        UpdateFunctionCodeResponse updated = sandbox.lambda.updateFunctionCode(
                r -> r.functionName(name).zipFile(Bundles.introspecting("b")));

        // AWS answers a hash mismatch with InvalidParameterValueException (measured; see the report)
        assertThatThrownBy(() -> sandbox.lambda.publishVersion(r -> r.functionName(name).codeSha256(created.codeSha256())))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("is different from current CodeSHA256 in $LATEST");
        assertThatThrownBy(() -> sandbox.lambda.publishVersion(r -> r.functionName(name).revisionId(created.revisionId())))
                .isInstanceOf(PreconditionFailedException.class)
                .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> sandbox.lambda.updateFunctionCode(r -> r.functionName(name)
                .zipFile(Bundles.introspecting("c")).revisionId(created.revisionId())))
                .isInstanceOf(PreconditionFailedException.class);

        String current = sandbox.lambda.getFunction(r -> r.functionName(name)).configuration().revisionId();
        PublishVersionResponse published = sandbox.lambda.publishVersion(
                r -> r.functionName(name).codeSha256(updated.codeSha256()).revisionId(current));
        assertThat(published.version()).isEqualTo("1");
        assertThat(published.codeSha256()).isEqualTo(updated.codeSha256());
    }

    @Test
    void unchangedCodeAndConfigurationPublishNoNewVersion() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("a"));

        assertThat(sandbox.lambda.publishVersion(r -> r.functionName(name)).version()).isEqualTo("1");
        assertThat(sandbox.lambda.publishVersion(r -> r.functionName(name)).version()).isEqualTo("1");
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("a")));
        assertThat(sandbox.lambda.publishVersion(r -> r.functionName(name)).version()).isEqualTo("1");
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("b")));
        assertThat(sandbox.lambda.updateFunctionCode(r -> r.functionName(name)
                .zipFile(Bundles.introspecting("c")).publish(true)).version()).isEqualTo("2");

        assertThat(sandbox.lambda.listVersionsByFunctionPaginator(r -> r.functionName(name).maxItems(1)).versions())
                .extracting(FunctionConfiguration::version).containsExactly("$LATEST", "1", "2");
    }

    @Test
    void aliasesRouteToAtMostOneAdditionalPublishedVersion() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("a"), r -> r.publish(true));
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("b")).publish(true));
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("c")).publish(true));
        String arn = sandbox.service.functionArn(name);

        var created = sandbox.lambda.createAlias(r -> r.functionName(name).name("live").functionVersion("1")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.25))));
        assertThat(created.aliasArn()).isEqualTo(arn + ":live");
        assertThat(created.routingConfig().additionalVersionWeights()).containsExactly(Map.entry("2", 0.25));

        assertThatThrownBy(() -> sandbox.lambda.createAlias(r -> r.functionName(name).name("live").functionVersion("1")))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("Alias already exists");
        assertThatThrownBy(() -> sandbox.lambda.updateAlias(r -> r.functionName(name).name("live")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.1, "3", 0.1)))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> sandbox.lambda.updateAlias(r -> r.functionName(name).name("live")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("1", 0.1)))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> sandbox.lambda.updateAlias(r -> r.functionName(name).name("live")
                .routingConfig(c -> c.additionalVersionWeights(Map.of("9", 0.1)))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(catchThrowableOfType(LambdaException.class, () -> sandbox.lambda.updateAlias(r -> r.functionName(name)
                .name("live").routingConfig(c -> c.additionalVersionWeights(Map.of("2", 1.5)))))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThatThrownBy(() -> sandbox.lambda.createAlias(r -> r.functionName(name).name("head")
                .functionVersion("$LATEST").routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.5)))))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThat(catchThrowableOfType(LambdaException.class, () -> sandbox.lambda.createAlias(r -> r.functionName(name)
                .name("42").functionVersion("1"))).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThatThrownBy(() -> sandbox.lambda.updateAlias(r -> r.functionName(name).name("live").functionVersion("3")
                .revisionId("stale"))).isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> sandbox.lambda.getAlias(r -> r.functionName(name).name("dead")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Alias not found");

        GetAliasResponse shifted = sandbox.lambda.getAlias(r -> r.functionName(name).name("live"));
        var updated = sandbox.lambda.updateAlias(r -> r.functionName(name).name("live").functionVersion("2")
                .routingConfig(c -> c.additionalVersionWeights(Map.of())).revisionId(shifted.revisionId()));
        assertThat(updated.functionVersion()).isEqualTo("2");
        assertThat(updated.routingConfig()).isNull();
        assertThat(updated.revisionId()).isNotEqualTo(shifted.revisionId());
    }

    @Test
    void deleteFunctionRefusesAReplicatedVersionAndAVersionAnAliasUses() {
        String name = newName();
        sandbox.create(name, Bundles.introspecting("a"), r -> r.publish(true));
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("b")).publish(true));
        sandbox.lambda.updateFunctionCode(r -> r.functionName(name).zipFile(Bundles.introspecting("c")).publish(true));
        sandbox.lambda.createAlias(r -> r.functionName(name).name("live").functionVersion("3"));
        String replicated = sandbox.service.functionArn(name) + ":1";
        sandbox.service.replicationCheck(replicated::equals);
        try {
            assertThatThrownBy(() -> sandbox.lambda.deleteFunction(r -> r.functionName(name).qualifier("1")))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Lambda was unable to delete " + replicated
                            + " because it is a replicated function");
            assertThatThrownBy(() -> sandbox.lambda.deleteFunction(r -> r.functionName(name)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("because it is a replicated function");
            assertThatThrownBy(() -> sandbox.lambda.deleteFunction(r -> r.functionName(name).qualifier("3")))
                    .isInstanceOf(ResourceConflictException.class).hasMessageContaining("[live]");

            sandbox.lambda.deleteFunction(r -> r.functionName(name).qualifier("2"));
            sandbox.lambda.deleteFunction(r -> r.functionName(name).qualifier("99"));
            assertThatThrownBy(() -> sandbox.lambda.getFunction(r -> r.functionName(name).qualifier("2")))
                    .isInstanceOf(ResourceNotFoundException.class);

            sandbox.service.replicationCheck(arn -> false);
            sandbox.lambda.deleteFunction(r -> r.functionName(name));
            assertThatThrownBy(() -> sandbox.lambda.getFunction(r -> r.functionName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        } finally {
            sandbox.service.replicationCheck(arn -> false);
        }
    }

    @Test
    void refusesRequestsWithoutAWellFormedLambdaSignature() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = sandbox.service.endpoint().resolve("/2015-03-31/functions/anything");

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");

        HttpResponse<String> otherService = http.send(HttpRequest.newBuilder(uri).GET()
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherService.statusCode()).isEqualTo(403);
        assertThat(otherService.headers().firstValue("x-amzn-ErrorType")).contains("InvalidSignatureException");

        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(uri).GET()
                .header("X-Amz-Date", "20200101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20200101/us-east-1/lambda/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("Signature expired: 20200101T000000Z");
    }
}
