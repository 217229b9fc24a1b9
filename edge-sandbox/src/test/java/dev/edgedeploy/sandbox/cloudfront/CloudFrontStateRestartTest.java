package dev.edgedeploy.sandbox.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.lambda.LambdaService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionAlreadyExistsException;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A CloudFront sandbox started again on the same state directory serves the same distributions, ETags and
 * propagation bookkeeping, seen through the real AWS SDK client: the second {@code mvn deploy} of a release meets
 * what the first one left.
 */
class CloudFrontStateRestartTest {

    private static final Duration PROPAGATION = Duration.ofMinutes(5);

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-01T10:00:00Z"));
    private LambdaService lambdaService;
    private LambdaClient lambda;
    private CloudFrontService service;
    private CloudFrontClient cloudFront;

    @BeforeEach
    void startLambda() throws IOException {
        lambdaService = LambdaService.start(LambdaService.Settings.defaults(work.resolve("lambda"))
                .withUpdateDelay(Duration.ZERO));
        lambda = LambdaClient.builder().endpointOverride(lambdaService.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClient(ApacheHttpClient.create()).build();
    }

    @AfterEach
    void stopAll() {
        stopCloudFront();
        lambda.close();
        lambdaService.close();
    }

    @Test
    void distributionsKeepTheirConfigETagAndChangesInServiceAcrossARestart() {
        startCloudFront();
        String blue = publishedVersion("edge-blue");
        String green = publishedVersion("edge-green");
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config(blue))).distribution().id();
        service.propagateChanges();
        String firstETag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(firstETag).distributionConfig(config(green)));
        GetDistributionConfigResponse before = cloudFront.getDistributionConfig(r -> r.id(id));
        DistributionSnapshot snapshotBefore = service.snapshot(id);
        stopCloudFront();

        startCloudFront();

        GetDistributionConfigResponse after = cloudFront.getDistributionConfig(r -> r.id(id));
        assertThat(after.eTag()).isEqualTo(before.eTag());
        assertThat(after.distributionConfig()).isEqualTo(before.distributionConfig());
        assertThat(service.snapshot(id)).isEqualTo(snapshotBefore);
        assertThat(cloudFront.getDistribution(r -> r.id(id)).distribution().status()).isEqualTo("InProgress");
        assertThat(service.configsInService(id)).extracting(DistributionConfig -> DistributionConfig
                .associatedFunctionArns()).containsExactly(List.of(blue), List.of(green));
        assertThat(service.isReplicated(blue)).as("the blue version is still served while green propagates").isTrue();
        assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(config(blue))))
                .as("the caller reference is still taken").isInstanceOf(DistributionAlreadyExistsException.class);

        clock.advance(PROPAGATION);
        assertThat(cloudFront.getDistribution(r -> r.id(id)).distribution().status()).isEqualTo("Deployed");
        assertThat(service.isReplicated(blue)).isFalse();
        // the restored ETag is the one an update must quote
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(after.eTag()).distributionConfig(config(blue)));
    }

    @Test
    void aChangeInProgressAtShutdownIsDeployedAtRestartWhenItsDeadlinePassedMeanwhile() {
        startCloudFront();
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config(publishedVersion("edge"))))
                .distribution().id();
        assertThat(service.snapshot(id).status()).isEqualTo(DistributionSnapshot.IN_PROGRESS);
        stopCloudFront();

        clock.advance(PROPAGATION);
        startCloudFront();

        assertThat(cloudFront.getDistribution(r -> r.id(id)).distribution().status()).isEqualTo("Deployed");
        assertThat(cloudFront.listDistributions(r -> { }).distributionList().items()).hasSize(1);
    }

    @Test
    void refusesToStartOnACorruptStateFileNamingTheFileAndTheFix() throws IOException {
        Path directory = work.resolve("cloudfront");
        Files.createDirectories(directory);
        Path file = directory.resolve("cloudfront-state.json");
        Files.writeString(file, "{\"service\":\"cloudfront\",\"schemaVersion\":1,\"state\":{\"accountId\":");

        assertThatThrownBy(this::startCloudFront)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("delete " + directory);
    }

    @Test
    void refusesToStartOnAStoredConfigurationItCannotParse() throws IOException {
        Path directory = work.resolve("cloudfront");
        Files.createDirectories(directory);
        Path file = directory.resolve("cloudfront-state.json");
        Files.writeString(file, """
                {"service": "cloudfront", "schemaVersion": 1, "state": {"accountId": "123456789012", "distributions": [
                  {"id": "E1", "arn": "a", "domainName": "d", "etag": "E2", "lastModified": "2026-03-01T10:00:00Z",
                   "changes": [{"configXml": "<DistributionConfig><Comment>x</Comment></DistributionConfig>",
                                "propagatedAt": "2026-03-01T10:00:00Z"}]}]}}
                """);

        assertThatThrownBy(this::startCloudFront)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("distribution")
                .hasMessageContaining("Fix: delete");
    }

    // ------------------------------------------------------------------ helpers

    private void startCloudFront() {
        service = CloudFrontService.start(CloudFrontService.Settings.defaults(lambdaService.endpoint())
                .withPropagationDelay(PROPAGATION).withClock(clock).withStateDirectory(work.resolve("cloudfront")));
        lambdaService.replicationCheck(service::isReplicated);
        cloudFront = CloudFrontClient.builder().endpointOverride(service.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClient(ApacheHttpClient.create()).build();
    }

    private void stopCloudFront() {
        if (cloudFront != null) {
            cloudFront.close();
            cloudFront = null;
        }
        if (service != null) {
            service.close();
            service = null;
        }
    }

    private String publishedVersion(String name) {
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.NODEJS22_X)
                .role("arn:aws:iam::123456789012:role/edge").handler("index.handler").memorySize(128).timeout(5)
                .code(code -> code.zipFile(zip("export const handler = async (e) => e.Records[0].cf.request;"))));
        return lambda.publishVersion(r -> r.functionName(name)).functionArn();
    }

    private static DistributionConfig config(String originRequestVersion) {
        return DistributionConfig.builder()
                .callerReference("release-1")
                .comment("widget")
                .enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder().id("assets")
                        .domainName("assets.s3.us-east-1.amazonaws.com").originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity("")).build()))
                .defaultCacheBehavior(behavior -> behavior.targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).compress(true)
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6")
                        .lambdaFunctionAssociations(associations -> associations.quantity(1).items(
                                LambdaFunctionAssociation.builder().lambdaFunctionARN(originRequestVersion)
                                        .eventType(EventType.ORIGIN_REQUEST).includeBody(false).build())))
                .build();
    }

    private static SdkBytes zip(String handler) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("index.mjs");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(handler.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }
}
