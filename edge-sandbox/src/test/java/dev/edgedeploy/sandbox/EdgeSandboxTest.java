package dev.edgedeploy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;

class EdgeSandboxTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));

    @TempDir
    Path state;

    @Test
    void oneCallStartsEveryServiceAndLambdaReadsPackagesFromTheSandboxS3() throws IOException {
        try (EdgeSandbox sandbox = sandbox();
                S3Client s3 = S3Client.builder().endpointOverride(sandbox.endpoints().s3()).forcePathStyle(true)
                        .region(Region.US_EAST_1).credentialsProvider(KEYS).build();
                LambdaClient lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda())
                        .region(Region.US_EAST_1).credentialsProvider(KEYS).build();
                Route53Client route53 = Route53Client.builder().endpointOverride(sandbox.endpoints().route53())
                        .region(Region.AWS_GLOBAL).credentialsProvider(KEYS).build();
                CloudFrontClient cloudFront = CloudFrontClient.builder()
                        .endpointOverride(sandbox.endpoints().cloudFront()).region(Region.AWS_GLOBAL)
                        .credentialsProvider(KEYS).build();
                CloudWatchClient cloudWatch = CloudWatchClient.builder()
                        .endpointOverride(sandbox.endpoints().cloudWatch()).region(Region.US_EAST_1)
                        .credentialsProvider(KEYS).build();
                CodeDeployClient codeDeploy = CodeDeployClient.builder()
                        .endpointOverride(sandbox.endpoints().codeDeploy()).region(Region.US_EAST_1)
                        .credentialsProvider(KEYS).build()) {
            s3.putObject(b -> b.bucket("edge-deploy-us-east-1").key("packages/hello.zip"),
                    RequestBody.fromBytes(zip("index.mjs", "export const handler = async () => ({ hello: 'sandbox' });")));

            lambda.createFunction(b -> b.functionName("hello").runtime(Runtime.NODEJS22_X).handler("index.handler")
                    .role("arn:aws:iam::123456789012:role/edge")
                    .code(c -> c.s3Bucket("edge-deploy-us-east-1").s3Key("packages/hello.zip")));
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("hello"));
            InvokeResponse response = lambda.invoke(b -> b.functionName("hello"));

            assertThat(response.functionError()).isNull();
            assertThat(response.payload().asUtf8String()).isEqualTo("{\"hello\":\"sandbox\"}");
            assertThat(route53.listHostedZonesByName().hostedZones()).isEmpty();
            assertThat(cloudFront.listDistributions(b -> { }).distributionList().quantity()).isZero();
            assertThat(cloudWatch.describeAlarms(b -> { }).metricAlarms()).isEmpty();
            assertThat(codeDeploy.getDeploymentConfig(b -> b.deploymentConfigName(
                    "CodeDeployDefault.LambdaLinear10PercentEvery1Minute")).deploymentConfigInfo().computePlatformAsString())
                    .isEqualTo("Lambda");
            assertThat(sandbox.stateDirectory().resolve(EdgeSandbox.S3_STATE)).isDirectory();
            assertThat(sandbox.stateDirectory().resolve(EdgeSandbox.LAMBDA_STATE)).isDirectory();
        }
    }

    @Test
    void closingStopsEveryLambdaWorker() throws IOException {
        EdgeSandbox sandbox = sandbox();
        byte[] handler = zip("index.mjs", "export const handler = async () => 1;");
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda())
                .region(Region.US_EAST_1).credentialsProvider(KEYS).build()) {
            lambda.createFunction(b -> b.functionName("warm").runtime(Runtime.NODEJS22_X).handler("index.handler")
                    .role("arn:aws:iam::123456789012:role/edge")
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(handler))));
            lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName("warm"));
            lambda.invoke(b -> b.functionName("warm"));
            assertThat(sandbox.lambda().liveWorkers()).isEqualTo(1);
        } finally {
            sandbox.close();
        }
        assertThat(sandbox.lambda().liveWorkers()).isZero();
    }

    @Test
    void aBasePortFixesTheEndpointsThatEdgeBundlesAndClientsRemember() throws IOException {
        int base;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            base = probe.getLocalPort();
        }
        try (EdgeSandbox sandbox = EdgeSandbox.builder().stateDirectory(state).region("us-east-1", "b-us-east-1")
                .basePort(base).start()) {
            SandboxEndpoints endpoints = sandbox.endpoints();
            assertThat(endpoints.s3().getPort()).isEqualTo(base);
            assertThat(endpoints.lambda().getPort()).isEqualTo(base + 1);
            assertThat(endpoints.cloudFront().getPort()).isEqualTo(base + 2);
            assertThat(endpoints.cloudWatch().getPort()).isEqualTo(base + 3);
            assertThat(endpoints.codeDeploy().getPort()).isEqualTo(base + 4);
        }
    }

    private EdgeSandbox sandbox() {
        return EdgeSandbox.builder().stateDirectory(state).region("us-east-1", "edge-deploy-us-east-1")
                .lambdaUpdateDelay(Duration.ZERO).start();
    }

    private static byte[] zip(String name, String source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
