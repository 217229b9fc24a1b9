package dev.edgedeploy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sandbox a release's second {@code mvn deploy} starts on the state directory of the first sees everything the
 * first one left, in every service; {@link EdgeSandbox#stateDump()} shows it in one document.
 */
class EdgeSandboxStateTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));
    private static final String BUCKET = "edge-deploy-us-east-1";

    @TempDir
    Path state;

    /** What the first run left, as the SDK reads it back. */
    private record Release(String versionArn, GetAliasResponse alias, String distributionId,
            GetDistributionConfigResponse distributionConfig, String zoneId, String healthCheckId) {
    }

    @Test
    void aSandboxStartedAgainOnTheSameStateDirectoryContinuesWhereTheLastOneStopped() throws IOException {
        Release release;
        try (EdgeSandbox first = sandbox()) {
            release = deployBlue(first);
        }

        try (EdgeSandbox second = sandbox(); Clients clients = new Clients(second)) {
            GetAliasResponse alias = clients.lambda.getAlias(r -> r.functionName("edge").name("live"));
            assertThat(alias.functionVersion()).isEqualTo("1");
            assertThat(alias.revisionId()).isEqualTo(release.alias().revisionId());
            assertThat(clients.lambda.getFunctionConfiguration(r -> r.functionName("edge").qualifier("1"))
                    .functionArn()).isEqualTo(release.versionArn());
            GetDistributionConfigResponse config = clients.cloudFront.getDistributionConfig(
                    r -> r.id(release.distributionId()));
            assertThat(config.eTag()).isEqualTo(release.distributionConfig().eTag());
            assertThat(config.distributionConfig()).isEqualTo(release.distributionConfig().distributionConfig());
            assertThat(second.cloudFront().isReplicated(release.versionArn())).isTrue();
            assertThat(clients.route53.listHostedZonesByName().hostedZones()).singleElement()
                    .satisfies(zone -> assertThat(zone.id()).endsWith(release.zoneId()));
            assertThat(txt(second)).as("the unhealthy us-east-1 record is still skipped")
                    .containsExactly("eu-west-1");
            assertThat(clients.s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("packages/edge.zip")).asByteArray())
                    .isEqualTo(bundle());
        }
        assertThat(state.resolve(EdgeSandbox.CLOUDFRONT_STATE).resolve("cloudfront-state.json")).isRegularFile();
        assertThat(state.resolve(EdgeSandbox.ROUTE53_STATE).resolve("route53-state.json")).isRegularFile();
        assertThat(state.resolve(EdgeSandbox.LAMBDA_STATE).resolve("lambda-state.json")).isRegularFile();
    }

    @Test
    void theStateDumpShowsEveryServicesState() throws IOException {
        try (EdgeSandbox sandbox = sandbox()) {
            Release release = deployBlue(sandbox);

            JsonNode dump = sandbox.stateDump();

            assertThat(dump.path("stateDirectory").asText()).isEqualTo(state.toAbsolutePath().normalize().toString());
            assertThat(texts(dump.path("s3").path("buckets").path(BUCKET))).containsExactly("packages/edge.zip");
            JsonNode function = dump.path("lambda").path("functions").path(0);
            assertThat(function.path("name").asText()).isEqualTo("edge");
            assertThat(function.path("versions")).hasSize(1);
            assertThat(function.path("aliases").path(0).path("name").asText()).isEqualTo("live");
            JsonNode distribution = dump.path("cloudfront").path("distributions").path(0);
            assertThat(distribution.path("id").asText()).isEqualTo(release.distributionId());
            assertThat(distribution.path("status").asText()).isEqualTo("Deployed");
            assertThat(distribution.path("etag").asText()).isEqualTo(release.distributionConfig().eTag());
            assertThat(distribution.path("behaviors").path(0).path("lambdaAssociations").path(0)
                    .path("lambdaFunctionArn").asText()).isEqualTo(release.versionArn());
            JsonNode zone = dump.path("route53").path("zones").path(0);
            assertThat(zone.path("name").asText()).isEqualTo("example.com.");
            List<String> recordRegions = new ArrayList<>();
            zone.path("recordSets").forEach(set -> {
                if (set.path("type").asText().equals("TXT")) {
                    recordRegions.add(set.path("region").asText());
                }
            });
            assertThat(recordRegions).containsExactlyInAnyOrder("us-east-1", "eu-west-1");
            JsonNode check = dump.path("route53").path("healthChecks").path(0);
            assertThat(check.path("id").asText()).isEqualTo(release.healthCheckId());
            assertThat(check.path("healthy").asBoolean(true)).isFalse();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A Lambda function with version 1 behind alias live, a distribution running it, a latency zone. */
    private static Release deployBlue(EdgeSandbox sandbox) throws IOException {
        try (Clients clients = new Clients(sandbox)) {
            clients.s3.putObject(r -> r.bucket(BUCKET).key("packages/edge.zip"), RequestBody.fromBytes(bundle()));
            clients.lambda.createFunction(r -> r.functionName("edge").runtime(Runtime.NODEJS22_X)
                    .handler("index.handler").role("arn:aws:iam::123456789012:role/edge").memorySize(128).timeout(5)
                    .code(c -> c.s3Bucket(BUCKET).s3Key("packages/edge.zip")));
            clients.lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("edge"));
            String versionArn = clients.lambda.publishVersion(r -> r.functionName("edge")).functionArn();
            clients.lambda.createAlias(r -> r.functionName("edge").name("live").functionVersion("1"));
            GetAliasResponse alias = clients.lambda.getAlias(r -> r.functionName("edge").name("live"));

            String distributionId = clients.cloudFront.createDistribution(r -> r.distributionConfig(
                    distribution(versionArn))).distribution().id();
            GetDistributionConfigResponse config = clients.cloudFront.getDistributionConfig(r -> r.id(distributionId));

            String zoneId = clients.route53.createHostedZone(r -> r.name("example.com").callerReference("zone-1"))
                    .hostedZone().id();
            String healthCheckId = clients.route53.createHealthCheck(r -> r.callerReference("check-1")
                    .healthCheckConfig(c -> c.type(HealthCheckType.HTTPS).resourcePath("/health")
                            .fullyQualifiedDomainName("edge-deploy-us-east-1.s3.us-east-1.amazonaws.com")))
                    .healthCheck().id();
            clients.route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(
                    c -> c.action(ChangeAction.CREATE).resourceRecordSet(latencyTxt("us-east-1", healthCheckId)),
                    c -> c.action(ChangeAction.CREATE).resourceRecordSet(latencyTxt("eu-west-1", null)))));
            sandbox.route53().setHealthCheckHealthy(healthCheckId, false);
            return new Release(versionArn, alias, distributionId, config, zoneId, healthCheckId);
        }
    }

    private EdgeSandbox sandbox() {
        return EdgeSandbox.builder().stateDirectory(state).region("us-east-1", BUCKET)
                .lambdaUpdateDelay(Duration.ZERO).cloudFrontPropagationDelay(Duration.ZERO).start();
    }

    /** One SDK client per service, on the sandbox's endpoints. */
    private static final class Clients implements AutoCloseable {
        final S3Client s3;
        final LambdaClient lambda;
        final CloudFrontClient cloudFront;
        final Route53Client route53;

        Clients(EdgeSandbox sandbox) {
            s3 = S3Client.builder().endpointOverride(sandbox.endpoints().s3()).forcePathStyle(true)
                    .region(Region.US_EAST_1).credentialsProvider(KEYS).build();
            lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda()).region(Region.US_EAST_1)
                    .credentialsProvider(KEYS).build();
            cloudFront = CloudFrontClient.builder().endpointOverride(sandbox.endpoints().cloudFront())
                    .region(Region.AWS_GLOBAL).credentialsProvider(KEYS).build();
            route53 = Route53Client.builder().endpointOverride(sandbox.endpoints().route53())
                    .region(Region.AWS_GLOBAL).credentialsProvider(KEYS).build();
        }

        @Override
        public void close() {
            s3.close();
            lambda.close();
            cloudFront.close();
            route53.close();
        }
    }

    private static DistributionConfig distribution(String originRequestVersion) {
        return DistributionConfig.builder().callerReference("release-1").comment("widget").enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder().id("assets")
                        .domainName(BUCKET + ".s3.us-east-1.amazonaws.com").originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity("")).build()))
                .defaultCacheBehavior(behavior -> behavior.targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).compress(true)
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6")
                        .lambdaFunctionAssociations(associations -> associations.quantity(1).items(
                                LambdaFunctionAssociation.builder().lambdaFunctionARN(originRequestVersion)
                                        .eventType(EventType.ORIGIN_REQUEST).includeBody(false).build())))
                .build();
    }

    private static ResourceRecordSet latencyTxt(String region, String healthCheckId) {
        return ResourceRecordSet.builder().name("bucket.example.com").type(RRType.TXT).setIdentifier(region)
                .region(region).ttl(60L).resourceRecords(ResourceRecord.builder().value("\"" + region + "\"").build())
                .healthCheckId(healthCheckId).build();
    }

    /** The TXT answer the default (us-east-1) viewers get for the bucket name. */
    private static List<String> txt(EdgeSandbox sandbox) throws IOException {
        SimpleResolver resolver = new SimpleResolver(sandbox.route53().dnsAddress());
        resolver.setTimeout(Duration.ofSeconds(5));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("bucket.example.com."),
                Type.TXT, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().filter(TXTRecord.class::isInstance)
                .map(record -> String.join("", ((TXTRecord) record).getStrings())).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static byte[] bundle() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("index.mjs");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write("export const handler = async (e) => e.Records[0].cf.request;".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void aFastSandboxResumesItsClockWhereThePreviousRunStoppedSoItsStateNeverLiesInTheFuture() throws Exception {
        java.time.Instant reached;
        try (EdgeSandbox first = EdgeSandbox.builder().stateDirectory(state).region("us-east-1", BUCKET)
                .timeScale(3600).start()) {
            Thread.sleep(50);
            reached = first.clock().instant();
        }
        assertThat(reached).isAfter(java.time.Instant.now().plusSeconds(60));

        try (EdgeSandbox second = EdgeSandbox.builder().stateDirectory(state).region("us-east-1", BUCKET)
                .timeScale(3600).start()) {
            assertThat(second.clock().instant()).isAfterOrEqualTo(reached);
        }
    }
}
