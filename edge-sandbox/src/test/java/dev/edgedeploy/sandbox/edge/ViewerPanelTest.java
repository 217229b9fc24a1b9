package dev.edgedeploy.sandbox.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.EdgeSandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The viewer panel against a sandbox edge front of three locations, whose entry behavior runs a tiny origin-request
 * handler that names a build from the viewer's address: version 1 answers {@code blue} to all, version 2
 * {@code odd}/{@code even} by the address's last octet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerPanelTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));
    private static final String BUCKET = "edge-deploy-us-east-1";
    private static final List<String> LOCATIONS = List.of(EdgeFront.DEFAULT_EDGE_LOCATION, "FRA56-P5", "NRT57-P2");
    private static final String HANDLER = """
            export const handler = async (event) => {
              const request = event.Records[0].cf.request;
              const last = Number(request.clientIp.split('.').pop());
              const build = MODE === 'parity' ? (last % 2 === 1 ? 'odd' : 'even') : 'blue';
              return {
                status: '200',
                headers: {
                  'edge-deploy-build': [{ key: 'Edge-Deploy-Build', value: build }],
                  'cache-control': [{ key: 'Cache-Control', value: 'no-cache' }],
                },
                body: build,
              };
            };
            """;

    private EdgeSandbox sandbox;
    private LambdaClient lambda;
    private CloudFrontClient cloudFront;
    private String allBlue;
    private String byParity;

    @BeforeAll
    void startTheSandbox(@TempDir Path state) {
        sandbox = EdgeSandbox.builder().stateDirectory(state).region("us-east-1", BUCKET)
                .lambdaUpdateDelay(Duration.ZERO).cloudFrontPropagationDelay(Duration.ZERO).start();
        sandbox.edgeFront().edgeLocation("FRA56-P5", "eu-central-1");
        sandbox.edgeFront().edgeLocation("NRT57-P2", "ap-northeast-1");
        lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda()).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).httpClient(ApacheHttpClient.create()).build();
        cloudFront = CloudFrontClient.builder().endpointOverride(sandbox.endpoints().cloudFront())
                .region(Region.AWS_GLOBAL).credentialsProvider(KEYS).httpClient(ApacheHttpClient.create()).build();
        lambda.createFunction(r -> r.functionName("namer").runtime(Runtime.NODEJS22_X)
                .role("arn:aws:iam::123456789012:role/edge").handler("index.handler").memorySize(128).timeout(5)
                .code(c -> c.zipFile(handlerZip("blue"))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("namer"));
        String version1 = lambda.publishVersion(r -> r.functionName("namer")).functionArn();
        lambda.updateFunctionCode(r -> r.functionName("namer").zipFile(handlerZip("parity")));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("namer"));
        String version2 = lambda.publishVersion(r -> r.functionName("namer")).functionArn();
        allBlue = distribution(version1, "panel-1");
        byParity = distribution(version2, "panel-2");
    }

    @AfterAll
    void stopTheSandbox() {
        cloudFront.close();
        lambda.close();
        sandbox.close();
    }

    @Test
    void viewersHaveDistinctPublicAddressesThatTheSeedReproduces() throws Exception {
        List<String> addresses = ViewerPanel.publicAddresses(5000, 7);

        assertThat(new HashSet<>(addresses)).hasSize(5000);
        assertThat(ViewerPanel.publicAddresses(5000, 7)).isEqualTo(addresses);
        assertThat(ViewerPanel.publicAddresses(5000, 8)).isNotEqualTo(addresses);
        for (String address : addresses) {
            InetAddress ip = InetAddress.getByName(address);
            assertThat(ip.isSiteLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress()
                    || ip.isMulticastAddress() || ip.isAnyLocalAddress()).as(address).isFalse();
            int first = Integer.parseInt(address.substring(0, address.indexOf('.')));
            assertThat(first).as(address).isBetween(1, 223).isNotEqualTo(127);
            assertThat(address).doesNotStartWith("192.0.2.").doesNotStartWith("198.51.100.")
                    .doesNotStartWith("203.0.113.").doesNotEndWith(".0").doesNotEndWith(".255");
            assertThat(inBlock(address, "100.64.0.0", 10) || inBlock(address, "198.18.0.0", 15)).as(address)
                    .isFalse();
        }
    }

    @Test
    void spreadsTheViewersRoundRobinOverEveryEdgeLocationWhichAnswersThem() throws Exception {
        ViewerPanel panel = ViewerPanel.builder(sandbox.edgeFront(), allBlue).viewers(300).build();

        ViewerSample sample = panel.sample();

        assertThat(panel.edgeLocations()).containsExactlyElementsOf(LOCATIONS);
        assertThat(panel.concurrency()).isEqualTo(3);
        assertThat(sample.size()).isEqualTo(300);
        assertThat(sample.answers()).allSatisfy(answer -> assertThat(answer.servedBy())
                .isEqualTo(answer.viewer().edgeLocation()));
        assertThat(sample.answers().stream().collect(Collectors.groupingBy(ViewerSample.Answer::servedBy,
                Collectors.counting()))).isEqualTo(Map.of(LOCATIONS.get(0), 100L, LOCATIONS.get(1), 100L,
                LOCATIONS.get(2), 100L));
        assertThat(sample.answers().get(4).viewer()).isEqualTo(panel.viewers().get(4));
        assertThat(panel.viewers().get(4).edgeLocation()).isEqualTo(LOCATIONS.get(1));
        assertThat(sample.allOn("blue")).isTrue();
        assertThat(sample.startedAt()).isBeforeOrEqualTo(sample.finishedAt());
    }

    @Test
    void countsEachBuildAndNamesTheViewersThatChangedBetweenTwoSamples() throws Exception {
        ViewerSample before = ViewerPanel.builder(sandbox.edgeFront(), allBlue).viewers(400).seed(3)
                .concurrency(6).build().sample();

        ViewerSample after = ViewerPanel.builder(sandbox.edgeFront(), byParity).viewers(400).seed(3)
                .concurrency(6).build().sample();

        List<Viewer> odd = after.answers().stream().map(ViewerSample.Answer::viewer)
                .filter(viewer -> Integer.parseInt(viewer.clientIp().substring(viewer.clientIp().lastIndexOf('.')
                        + 1)) % 2 == 1).toList();
        assertThat(odd).isNotEmpty();
        assertThat(after.viewersOn("odd")).containsExactlyElementsOf(odd);
        assertThat(after.builds()).containsOnlyKeys("odd", "even");
        assertThat(after.count("odd") + after.count("even")).isEqualTo(400);
        assertThat(after.share("odd")).isEqualTo(odd.size() / 400.0);
        assertThat(after.failures()).isEmpty();
        assertThat(after.changedSince(before)).hasSize(400);
        assertThat(after.leftSince(before, "blue")).hasSize(400);
        assertThat(before.changedSince(before)).isEmpty();
        assertThat(after.toString()).startsWith("400 viewers: even " + (400 - odd.size()) + ", odd " + odd.size()
                + ", 0 failed");
    }

    @Test
    void aFailedAnswerIsAFailureNotABuild() throws Exception {
        ViewerSample sample = ViewerPanel.builder(sandbox.edgeFront(), allBlue).viewers(30)
                .path("/missing.txt").build().sample();

        assertThat(sample.failures()).hasSize(30);
        assertThat(sample.builds()).isEmpty();
        assertThat(sample.share("blue")).isZero();
        assertThat(sample.allOn("blue")).isFalse();
    }

    @Test
    void refusesToCompareSamplesOfOtherViewers() throws Exception {
        ViewerSample one = ViewerPanel.builder(sandbox.edgeFront(), allBlue).viewers(20).seed(1).build().sample();
        ViewerSample other = ViewerPanel.builder(sandbox.edgeFront(), allBlue).viewers(20).seed(2).build().sample();

        assertThatThrownBy(() -> other.changedSince(one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different viewers");
    }

    @Test
    void refusesAnEdgeLocationTheFrontDoesNotHave() {
        assertThatThrownBy(() -> ViewerPanel.builder(sandbox.edgeFront(), allBlue)
                .edgeLocations(List.of("GRU3-C1")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no location GRU3-C1")
                .hasMessageContaining("EdgeFront.edgeLocation");
    }

    private String distribution(String versionArn, String callerReference) {
        LambdaFunctionAssociation association = LambdaFunctionAssociation.builder().lambdaFunctionARN(versionArn)
                .eventType(EventType.ORIGIN_REQUEST).includeBody(false).build();
        DistributionConfig config = DistributionConfig.builder()
                .callerReference(callerReference)
                .comment("viewer panel")
                .enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder().id("assets")
                        .domainName(BUCKET + ".s3.us-east-1.amazonaws.com").originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity("")).build()))
                .defaultCacheBehavior(behavior -> behavior.targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .forwardedValues(forwarded -> forwarded.queryString(false)
                                .cookies(cookies -> cookies.forward(ItemSelection.NONE)))
                        .minTTL(0L).defaultTTL(0L).maxTTL(0L)
                        .lambdaFunctionAssociations(none -> none.quantity(0)))
                .cacheBehaviors(behaviors -> behaviors.quantity(1).items(CacheBehavior.builder()
                        .pathPattern(ViewerPanel.DEFAULT_PATH)
                        .targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .forwardedValues(forwarded -> forwarded.queryString(false)
                                .cookies(cookies -> cookies.forward(ItemSelection.NONE)))
                        .minTTL(0L).defaultTTL(0L).maxTTL(0L)
                        .lambdaFunctionAssociations(a -> a.quantity(1).items(association))
                        .build()))
                .build();
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config)).distribution().id();
        cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id));
        return id;
    }

    private static SdkBytes handlerZip(String mode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.mjs"));
            zip.write(("const MODE = '" + mode + "';\n" + HANDLER).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    private static boolean inBlock(String address, String network, int prefix) throws UnknownHostException {
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (value(address) & mask) == (value(network) & mask);
    }

    private static long value(String address) throws UnknownHostException {
        long value = 0;
        for (byte part : InetAddress.getByName(address).getAddress()) {
            value = value << 8 | (part & 0xFF);
        }
        return value;
    }
}
