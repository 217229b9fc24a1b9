package dev.edgedeploy.sandbox.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.S3Operation;
import dev.edgedeploy.sandbox.S3Traffic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The edge front serving the product's real Lambda@Edge runtime: a distribution created with the CloudFront client,
 * the function published with the Lambda client, assets put with the S3 client, latency records with the Route53
 * client, all against one {@link EdgeSandbox}; the viewer's edge location and client IP are named per request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeFrontTest {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY));
    private static final String ROLE = "arn:aws:iam::123456789012:role/edge-deploy-lambda";
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    private static final String ENTRY = "/* widget entry */\nconsole.log('widget');\n";
    private static final String ASSET = "assets/b1/app.js";
    private static final String DUBLIN = "DUB56-P1";
    private static final String SYDNEY = "SYD62-P2";
    private static final String US_EAST = "edge-deploy-us-east-1";
    private static final String EU_WEST = "edge-deploy-eu-west-1";
    private static final String AP_SOUTHEAST = "edge-deploy-ap-southeast-2";

    private EdgeSandbox sandbox;
    private EdgeFront edge;
    private S3Client s3;
    private LambdaClient lambda;
    private CloudFrontClient cloudFront;
    private Route53Client route53;
    private String version1;
    private int distributions;

    @BeforeAll
    void startTheSandbox(@TempDir Path state) {
        sandbox = EdgeSandbox.builder().stateDirectory(state)
                .region("us-east-1", US_EAST)
                .region("eu-west-1", EU_WEST)
                .region("ap-southeast-2", AP_SOUTHEAST)
                .lambdaUpdateDelay(Duration.ZERO)
                .cloudFrontPropagationDelay(Duration.ZERO)
                .start();
        edge = sandbox.edgeFront();
        edge.edgeLocation(DUBLIN, "eu-west-1");
        edge.edgeLocation(SYDNEY, "ap-southeast-2");
        s3 = S3Client.builder().endpointOverride(sandbox.endpoints().s3()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(KEYS).httpClient(ApacheHttpClient.create()).build();
        lambda = LambdaClient.builder().endpointOverride(sandbox.endpoints().lambda()).region(Region.US_EAST_1)
                .credentialsProvider(KEYS).httpClient(ApacheHttpClient.create()).build();
        cloudFront = CloudFrontClient.builder().endpointOverride(sandbox.endpoints().cloudFront())
                .region(Region.AWS_GLOBAL).credentialsProvider(KEYS).httpClient(ApacheHttpClient.create()).build();
        route53 = Route53Client.builder().endpointOverride(sandbox.endpoints().route53()).region(Region.AWS_GLOBAL)
                .credentialsProvider(KEYS).httpClient(ApacheHttpClient.create()).build();

        for (String bucket : List.of(US_EAST, EU_WEST, AP_SOUTHEAST)) {
            put(bucket, ASSET, null, "identity".getBytes(StandardCharsets.UTF_8));
            put(bucket, ASSET + ".gz", "gzip", EdgeBundle.gzip("identity".getBytes(StandardCharsets.UTF_8)));
            put(bucket, ASSET + ".br", "br", "brotli-bytes".getBytes(StandardCharsets.UTF_8));
        }
        String zone = route53.createHostedZone(r -> r.name(EdgeBundle.DOMAIN)
                .callerReference(UUID.randomUUID().toString())).hostedZone().id();
        List<Change> changes = new ArrayList<>();
        for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2")) {
            changes.add(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                    .name("bucket." + EdgeBundle.DOMAIN).type(RRType.TXT).setIdentifier(region).region(region)
                    .ttl(60L).resourceRecords(ResourceRecord.builder().value("\"" + region + "\"").build())
                    .build()).build());
        }
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(changes)));
        version1 = publish("edge", bundle("build-1", ENTRY, config -> { }));
    }

    @AfterAll
    void stopTheSandbox() {
        route53.close();
        cloudFront.close();
        lambda.close();
        s3.close();
        sandbox.close();
    }

    @Test
    void servesTheInlinedEntryWithItsBuildGzippedWhenTheViewerAcceptsGzip() throws Exception {
        String id = distribution(version1);

        ViewerResponse gzipped = edge.request(id, ViewerRequest.get("/assets/index.js")
                .withHeader("Accept-Encoding", "gzip, deflate, br"));
        ViewerResponse plain = edge.request(id, ViewerRequest.get("/assets/index.js"));

        assertThat(gzipped.status()).isEqualTo(200);
        assertThat(gzipped.header("edge-deploy-build")).isEqualTo("build-1");
        assertThat(gzipped.header("content-encoding")).isEqualTo("gzip");
        assertThat(gunzip(gzipped.body())).isEqualTo(ENTRY);
        assertThat(gzipped.header("x-cache")).isEqualTo("Miss from cloudfront");
        assertThat(gzipped.header("x-amz-cf-pop")).isEqualTo(EdgeFront.DEFAULT_EDGE_LOCATION);
        assertThat(gzipped.header("via")).matches("1\\.1 [0-9a-f]{32}\\.cloudfront\\.net \\(CloudFront\\)");
        assertThat(plain.header("content-encoding")).isNull();
        assertThat(plain.text()).isEqualTo(ENTRY);
    }

    @Test
    void theEntryBehaviorWithTtlZeroRunsTheFunctionOnEveryRequest() throws Exception {
        String function = "edge-ttl0";
        String version = publish(function, bundle("build-ttl0", ENTRY, config -> { }));
        String id = distribution(version);

        for (int i = 0; i < 3; i++) {
            assertThat(edge.request(id, ViewerRequest.get("/assets/index.js")).header("x-cache"))
                    .isEqualTo("Miss from cloudfront");
        }

        assertThat(edge.functionInvocations(version)).isEqualTo(3);
    }

    @Test
    void eachEdgeLocationFetchesAssetsFromTheBucketNearestToItsViewers() throws Exception {
        String id = distribution(version1);
        S3Traffic traffic = sandbox.s3Traffic();
        traffic.resetCounts();

        ViewerResponse dublin = edge.request(id, ViewerRequest.get("/" + ASSET).at(DUBLIN)
                .withHeader("accept-encoding", "gzip, br").withClientIp("198.51.100.7"));
        ViewerResponse sydney = edge.request(id, ViewerRequest.get("/" + ASSET).at(SYDNEY)
                .withHeader("accept-encoding", "gzip").withClientIp("192.0.2.44"));
        ViewerResponse virginia = edge.request(id, ViewerRequest.get("/" + ASSET));

        assertThat(List.of(dublin.status(), sydney.status(), virginia.status())).containsOnly(200);
        assertThat(traffic.count(S3Operation.GET_OBJECT, EU_WEST)).isEqualTo(1);
        assertThat(traffic.count(S3Operation.GET_OBJECT, AP_SOUTHEAST)).isEqualTo(1);
        assertThat(traffic.count(S3Operation.GET_OBJECT, US_EAST)).isEqualTo(1);
        assertThat(dublin.header("content-encoding")).isEqualTo("br");
        assertThat(dublin.text()).isEqualTo("brotli-bytes");
        assertThat(dublin.header("content-type")).isEqualTo("application/javascript; charset=utf-8");
        assertThat(dublin.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(dublin.header("etag")).isNotBlank();
        assertThat(dublin.header("x-amz-cf-pop")).isEqualTo(DUBLIN);
        assertThat(sydney.header("content-encoding")).isEqualTo("gzip");
        assertThat(gunzip(sydney.body())).isEqualTo("identity");
        assertThat(virginia.header("content-encoding")).isNull();
        assertThat(virginia.text()).isEqualTo("identity");
    }

    @Test
    void aSecondRequestIsACacheHitOfThatEdgeLocationWithoutRunningTheFunction() throws Exception {
        String function = "edge-cache";
        String version = publish(function, bundle("build-cache", ENTRY, config -> { }));
        String id = distribution(version);
        ViewerRequest request = ViewerRequest.get("/" + ASSET).withHeader("accept-encoding", "br").at(DUBLIN);
        ViewerResponse miss = edge.request(id, request);
        long fetched = sandbox.s3Traffic().count(S3Operation.GET_OBJECT);

        ViewerResponse hit = edge.request(id, request);
        ViewerResponse elsewhere = edge.request(id, request.at(SYDNEY));

        assertThat(miss.header("x-cache")).isEqualTo("Miss from cloudfront");
        assertThat(hit.header("x-cache")).isEqualTo("Hit from cloudfront");
        assertThat(hit.header("age")).matches("\\d+");
        assertThat(hit.text()).isEqualTo("brotli-bytes");
        assertThat(elsewhere.header("x-cache")).isEqualTo("Miss from cloudfront");
        assertThat(edge.functionInvocations(version)).isEqualTo(2);
        assertThat(sandbox.s3Traffic().count(S3Operation.GET_OBJECT)).isEqualTo(fetched + 1);
    }

    @Test
    void aGeneratedResponseOverOneMegabyteIsA502() throws Exception {
        String huge = "/*" + "x".repeat(1024 * 1024) + "*/";
        String version = publish("edge-huge", bundle("build-huge", huge, config -> { }));
        String id = distribution(version);

        ViewerResponse response = edge.request(id, ViewerRequest.get("/assets/index.js"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.header("x-cache")).isEqualTo("LambdaValidationError from cloudfront");
        assertThat(response.text()).contains("The Lambda function result failed validation");
    }

    @Test
    void aHandlerThatFailsIsA503() throws Exception {
        String version = publish("edge-broken", bundle("build-broken", ENTRY,
                config -> config.put("schemaVersion", 99)));
        String id = distribution(version);

        ViewerResponse response = edge.request(id, ViewerRequest.get("/assets/index.js"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("x-cache")).isEqualTo("LambdaExecutionError from cloudfront");
        assertThat(response.text()).contains("The Lambda function associated with the CloudFront distribution is "
                + "invalid or doesn't have the required permissions.");
    }

    @Test
    void whileAChangePropagatesEdgeLocationsServeOldAndNewVersionsThenOnlyTheNew() throws Exception {
        String function = "edge-shift";
        String old = publish(function, bundle("build-old", ENTRY, config -> { }));
        String id = distribution(old);
        lambda.updateFunctionCode(r -> r.functionName(function)
                .zipFile(SdkBytes.fromByteArray(bundle("build-new", ENTRY, config -> { }))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(function));
        String next = lambda.publishVersion(r -> r.functionName(function)).functionArn();
        sandbox.cloudFront().propagationDelay(Duration.ofHours(1));
        try {
            GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(id));
            cloudFront.updateDistribution(r -> r.id(id).ifMatch(current.eTag())
                    .distributionConfig(config(next, current.distributionConfig().callerReference())));
            assertThat(cloudFront.getDistribution(r -> r.id(id)).distribution().status()).isEqualTo("InProgress");

            Map<String, String> during = buildsPerLocation(id);

            sandbox.cloudFront().propagateChanges();
            assertThat(cloudFront.getDistribution(r -> r.id(id)).distribution().status()).isEqualTo("Deployed");
            Map<String, String> after = buildsPerLocation(id);

            assertThat(during).containsEntry(EdgeFront.DEFAULT_EDGE_LOCATION, "build-new")
                    .containsEntry(DUBLIN, "build-old").containsEntry(SYDNEY, "build-old");
            assertThat(after.values()).containsOnly("build-new");
        } finally {
            sandbox.cloudFront().propagationDelay(Duration.ZERO);
        }
    }

    @Test
    void overHttpTheSandboxHeadersNameTheEdgeLocationAndTheClient() throws Exception {
        String id = distribution(version1);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        edge.endpoint(id).resolve("/" + ASSET))
                .header("Accept-Encoding", "gzip")
                .header(EdgeFront.EDGE_LOCATION_HEADER, SYDNEY)
                .header(EdgeFront.CLIENT_IP_HEADER, "192.0.2.1")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(edge.endpoint(id).resolve("/" + ASSET))
                .header(EdgeFront.EDGE_LOCATION_HEADER, "NOWHERE1").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amz-cf-pop")).hasValue(SYDNEY);
        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(response.body())).isEqualTo("identity");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no edge location NOWHERE1");
    }

    @Test
    void aMissingKeyIsTheAccessDeniedS3AnswersWithoutListBucket() throws Exception {
        String id = distribution(version1);

        ViewerResponse response = edge.request(id, ViewerRequest.get("/assets/b1/missing.png"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).contains("<Code>AccessDenied</Code>");
        assertThat(response.header("x-cache")).isEqualTo("Error from cloudfront");
    }

    @Test
    void anOriginRequestResponseIsCachedUnderTheBehaviorsTtl() throws Exception {
        String version = publishHandler("generated-cached", """
                export const handler = async () => ({
                  status: '200',
                  headers: { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=300' }] },
                  body: 'generated',
                });
                """);
        String id = distribution(version);

        ViewerResponse first = edge.request(id, ViewerRequest.get("/assets/b1/page.html"));
        ViewerResponse second = edge.request(id, ViewerRequest.get("/assets/b1/page.html"));

        assertThat(first.text()).isEqualTo("generated");
        assertThat(first.header("x-cache")).isEqualTo("Miss from cloudfront");
        assertThat(second.header("x-cache")).isEqualTo("Hit from cloudfront");
        assertThat(second.text()).isEqualTo("generated");
        assertThat(edge.functionInvocations(version)).isEqualTo(1);
    }

    @Test
    void aViewerRequestResponseGoesUncachedAndMayNotExceedFortyKilobytes() throws Exception {
        String small = publishHandler("viewer-small", """
                export const handler = async () => ({ status: '302', headers: {
                  location: [{ key: 'Location', value: 'https://example.com/' }] } });
                """);
        String large = publishHandler("viewer-large", """
                export const handler = async () => ({ status: '200', body: 'x'.repeat(41 * 1024) });
                """);
        String smallId = viewerDistribution(small, "viewer-small");
        String largeId = viewerDistribution(large, "viewer-large");

        ViewerResponse redirect = edge.request(smallId, ViewerRequest.get("/anything"));
        ViewerResponse again = edge.request(smallId, ViewerRequest.get("/anything"));
        ViewerResponse tooLarge = edge.request(largeId, ViewerRequest.get("/anything"));

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("location")).isEqualTo("https://example.com/");
        assertThat(again.header("x-cache")).isEqualTo("LambdaGeneratedResponse from cloudfront");
        assertThat(edge.functionInvocations(small)).isEqualTo(2);
        assertThat(tooLarge.status()).isEqualTo(502);
        assertThat(tooLarge.header("x-cache")).isEqualTo("LambdaValidationError from cloudfront");
    }

    @Test
    void aViewerRequestFunctionRewritesTheUriBeforeTheCacheAndTheOrigin() throws Exception {
        String version = publishHandler("viewer-rewrite", """
                export const handler = async (event) => {
                  const request = event.Records[0].cf.request;
                  if (request.headers.host[0].value !== event.Records[0].cf.config.distributionDomainName) {
                    throw new Error('host is not the distribution');
                  }
                  request.uri = '/assets/b1/app.js';
                  return request;
                };
                """);
        String id = viewerDistribution(version, "viewer-rewrite");

        ViewerResponse response = edge.request(id, ViewerRequest.get("/latest.js"));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("identity");
    }

    @Test
    void theOriginRequestEventHasCloudFrontsShape() throws Exception {
        String version = publishHandler("event-echo", """
                export const handler = async (event) => ({ status: '200', body: JSON.stringify(event) });
                """);
        String id = distribution(version);

        ViewerResponse response = edge.request(id, ViewerRequest.get("/assets/index.js?v=1").at(DUBLIN)
                .withClientIp("198.51.100.23").withHeader("Accept-Encoding", "deflate, gzip, br")
                .withHeader("Cookie", "session=1"));

        com.fasterxml.jackson.databind.JsonNode cf = EdgeBundle.JSON.readTree(response.body())
                .path("Records").path(0).path("cf");
        com.fasterxml.jackson.databind.JsonNode request = cf.path("request");
        String domain = sandbox.cloudFront().snapshot(id).domainName();
        String origin = US_EAST + ".s3.us-east-1.amazonaws.com";
        assertThat(cf.path("config").path("distributionId").asText()).isEqualTo(id);
        assertThat(cf.path("config").path("distributionDomainName").asText()).isEqualTo(domain);
        assertThat(cf.path("config").path("eventType").asText()).isEqualTo("origin-request");
        assertThat(cf.path("config").path("requestId").asText()).hasSize(56)
                .isEqualTo(response.header("x-amz-cf-id"));
        assertThat(request.path("clientIp").asText()).isEqualTo("198.51.100.23");
        assertThat(request.path("method").asText()).isEqualTo("GET");
        assertThat(request.path("uri").asText()).isEqualTo("/assets/index.js");
        assertThat(request.path("querystring").asText()).as("not forwarded by the legacy behavior").isEmpty();
        assertThat(request.path("headers").path("host").path(0).path("value").asText()).isEqualTo(origin);
        assertThat(request.path("headers").path("x-forwarded-for").path(0).path("value").asText())
                .isEqualTo("198.51.100.23");
        assertThat(request.path("headers").path("accept-encoding").path(0).path("value").asText())
                .as("legacy behaviors normalise to gzip").isEqualTo("gzip");
        assertThat(request.path("headers").has("cookie")).isFalse();
        com.fasterxml.jackson.databind.JsonNode s3Origin = request.path("origin").path("s3");
        assertThat(s3Origin.path("domainName").asText()).isEqualTo(origin);
        assertThat(s3Origin.path("region").asText()).isEqualTo("us-east-1");
        assertThat(s3Origin.path("path").asText()).isEmpty();
        assertThat(s3Origin.path("authMethod").asText()).isEqualTo("none");
        assertThat(s3Origin.path("customHeaders").isObject()).isTrue();
    }

    @Test
    void aMethodTheBehaviorDoesNotAllowIsRefusedWith403() throws Exception {
        String id = distribution(version1);

        ViewerResponse post = edge.request(id, ViewerRequest.post("/assets/index.js",
                "{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(post.status()).isEqualTo(403);
        assertThat(post.text()).contains("not configured to allow the HTTP request method");
    }

    @Test
    void aPostToABehaviorAllowingItReachesTheOriginRequestFunctionWithItsBodyAndIsNeverCached() throws Exception {
        String version = publishHandler("body-echo", """
                export const handler = async (event) => {
                  const { method, body } = event.Records[0].cf.request;
                  const bytes = Buffer.from(body.data, 'base64');
                  return { status: '200', headers: { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=600' }] },
                    body: JSON.stringify({ method, body: { ...body, data: bytes.subarray(0, 100).toString() },
                      bytes: bytes.length }) };
                };
                """);
        String id = methodsDistribution(version, "body-echo", List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH",
                "POST", "DELETE"), true, null);
        java.net.URI endpoint = edge.endpoint(id);

        HttpResponse<String> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/beacon"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"error\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        ViewerResponse second = edge.request(id, ViewerRequest.post("/beacon", "x".repeat(1024 * 1024 + 5)
                .getBytes(StandardCharsets.UTF_8)));

        com.fasterxml.jackson.databind.JsonNode request = EdgeBundle.JSON.readTree(first.body());
        assertThat(request.path("method").asText()).isEqualTo("POST");
        assertThat(request.path("body").path("encoding").asText()).isEqualTo("base64");
        assertThat(request.path("body").path("action").asText()).isEqualTo("read-only");
        assertThat(request.path("body").path("inputTruncated").asBoolean()).isFalse();
        assertThat(request.path("body").path("data").asText()).isEqualTo("{\"kind\":\"error\"}");
        com.fasterxml.jackson.databind.JsonNode truncated = EdgeBundle.JSON.readTree(second.body());
        assertThat(truncated.path("body").path("inputTruncated").asBoolean()).as("a body over 1 MB is cut").isTrue();
        assertThat(truncated.path("bytes").asInt()).isEqualTo(1024 * 1024);
        assertThat(second.header("x-cache")).as("POST answers are never cached").isEqualTo("Miss from cloudfront");
        assertThat(edge.functionInvocations(version)).isEqualTo(2);
    }

    @Test
    void withoutIncludeBodyTheFunctionSeesNoBodyAndAPostReachingS3GetsItsMethodNotAllowed() throws Exception {
        String version = publishHandler("no-body", """
                export const handler = async (event) => {
                  const request = event.Records[0].cf.request;
                  return request.uri === '/echo' ? { status: '200', body: JSON.stringify(request) } : request;
                };
                """);
        String id = methodsDistribution(version, "no-body", List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH",
                "POST", "DELETE"), false, null);

        ViewerResponse echoed = edge.request(id, ViewerRequest.post("/echo", "secret".getBytes(StandardCharsets.UTF_8)));
        ViewerResponse toS3 = edge.request(id, ViewerRequest.post("/" + ASSET, "x".getBytes(StandardCharsets.UTF_8)));

        assertThat(EdgeBundle.JSON.readTree(echoed.body()).has("body")).isFalse();
        assertThat(toS3.status()).isEqualTo(405);
        assertThat(toS3.text()).contains("MethodNotAllowed");
    }

    @Test
    void allowedMethodsCloudFrontDoesNotOfferAndUnknownResponseHeadersPoliciesAreRefused() {
        assertThatThrownBy(() -> methodsDistribution(version1, "get-post", List.of("GET", "POST"), false, null))
                .isInstanceOf(software.amazon.awssdk.services.cloudfront.model.InvalidArgumentException.class)
                .hasMessageContaining("AllowedMethods");
        assertThatThrownBy(() -> methodsDistribution(version1, "bad-policy", List.of("GET", "HEAD"), false,
                "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(software.amazon.awssdk.services.cloudfront.model.NoSuchResponseHeadersPolicyException.class);
    }

    @Test
    void theManagedSimpleCorsPolicyAllowsEveryOriginOnRequestsThatNameOne() throws Exception {
        String id = methodsDistribution(version1, "simple-cors", List.of("GET", "HEAD"), false,
                "60669652-455b-4ae9-85a4-c4c02393f86c");

        ViewerResponse cors = edge.request(id, ViewerRequest.get("/" + ASSET).withHeader("Origin",
                "https://host.example"));
        ViewerResponse plain = edge.request(id, ViewerRequest.get("/" + ASSET));

        assertThat(cors.status()).isEqualTo(200);
        assertThat(cors.header("access-control-allow-origin")).isEqualTo("*");
        assertThat(plain.header("access-control-allow-origin")).isNull();
    }

    /** A deployed distribution whose default behavior runs {@code versionArn} on origin requests. */
    private String methodsDistribution(String versionArn, String callerReference, List<String> methods,
            boolean includeBody, String responseHeadersPolicyId) {
        LambdaFunctionAssociation association = LambdaFunctionAssociation.builder().lambdaFunctionARN(versionArn)
                .eventType(EventType.ORIGIN_REQUEST).includeBody(includeBody).build();
        DistributionConfig config = config(versionArn, callerReference).toBuilder()
                .cacheBehaviors(none -> none.quantity(0))
                .defaultCacheBehavior(behavior -> behavior.targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).compress(true)
                        .cachePolicyId(CACHING_OPTIMIZED)
                        .responseHeadersPolicyId(responseHeadersPolicyId)
                        .allowedMethods(allowed -> allowed.quantity(methods.size()).itemsWithStrings(methods)
                                .cachedMethods(cached -> cached.quantity(2).itemsWithStrings("GET", "HEAD")))
                        .lambdaFunctionAssociations(a -> a.quantity(1).items(association)))
                .build();
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config)).distribution().id();
        cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id));
        return id;
    }

    private Map<String, String> buildsPerLocation(String id) throws InterruptedException {
        Map<String, String> builds = new LinkedHashMap<>();
        for (EdgeLocation location : edge.edgeLocations()) {
            ViewerResponse response = edge.request(id, ViewerRequest.get("/assets/index.js").at(location.name()));
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            builds.put(location.name(), response.header("edge-deploy-build"));
        }
        return builds;
    }

    private byte[] bundle(String buildId, String entry, Consumer<com.fasterxml.jackson.databind.node.ObjectNode> adjust) {
        Map<String, String> buckets = new LinkedHashMap<>();
        buckets.put("us-east-1", US_EAST);
        buckets.put("eu-west-1", EU_WEST);
        buckets.put("ap-southeast-2", AP_SOUTHEAST);
        return EdgeBundle.zip(buildId, entry, buckets, adjust);
    }

    /** Creates the function from the bundle and publishes version 1; answers the version's ARN. */
    private String publish(String function, byte[] zip) {
        lambda.createFunction(r -> r.functionName(function).runtime(Runtime.NODEJS22_X).role(ROLE)
                .handler("index.handler").memorySize(128).timeout(5)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(function));
        return lambda.publishVersion(r -> r.functionName(function)).functionArn();
    }

    /** Creates a function from one handler module and publishes version 1; answers the version's ARN. */
    private String publishHandler(String function, String source) {
        return publish(function, zipOf(Map.of("index.mjs", source.getBytes(StandardCharsets.UTF_8))));
    }

    /** A deployed distribution whose only (default) behavior runs {@code versionArn} on viewer requests. */
    private String viewerDistribution(String versionArn, String callerReference) {
        LambdaFunctionAssociation association = LambdaFunctionAssociation.builder().lambdaFunctionARN(versionArn)
                .eventType(EventType.VIEWER_REQUEST).includeBody(false).build();
        DistributionConfig config = config(versionArn, callerReference).toBuilder()
                .cacheBehaviors(none -> none.quantity(0))
                .defaultCacheBehavior(behavior -> behavior.targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).compress(true)
                        .cachePolicyId(CACHING_OPTIMIZED)
                        .lambdaFunctionAssociations(a -> a.quantity(1).items(association)))
                .build();
        String id = cloudFront.createDistribution(r -> r.distributionConfig(config)).distribution().id();
        cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id));
        return id;
    }

    private static byte[] zipOf(Map<String, byte[]> files) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A deployed distribution whose entry and asset behaviors run {@code versionArn} on origin requests. */
    private String distribution(String versionArn) {
        distributions++;
        String id = cloudFront.createDistribution(r -> r.distributionConfig(
                config(versionArn, "edge-front-test-" + distributions))).distribution().id();
        cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id));
        return id;
    }

    private static DistributionConfig config(String versionArn, String callerReference) {
        LambdaFunctionAssociation association = LambdaFunctionAssociation.builder().lambdaFunctionARN(versionArn)
                .eventType(EventType.ORIGIN_REQUEST).includeBody(false).build();
        return DistributionConfig.builder()
                .callerReference(callerReference)
                .comment("widget")
                .enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder()
                        .id("assets")
                        .domainName(US_EAST + ".s3.us-east-1.amazonaws.com")
                        .originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))
                        .build()))
                .defaultCacheBehavior(behavior -> behavior
                        .targetOriginId("assets")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .compress(true)
                        .cachePolicyId(CACHING_OPTIMIZED)
                        .lambdaFunctionAssociations(none -> none.quantity(0)))
                .cacheBehaviors(behaviors -> behaviors.quantity(2).items(
                        CacheBehavior.builder()
                                .pathPattern("/assets/index.js")
                                .targetOriginId("assets")
                                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                                .compress(true)
                                .forwardedValues(forwarded -> forwarded.queryString(false)
                                        .cookies(cookies -> cookies.forward(ItemSelection.NONE)))
                                .minTTL(0L).defaultTTL(0L).maxTTL(0L)
                                .lambdaFunctionAssociations(a -> a.quantity(1).items(association))
                                .build(),
                        CacheBehavior.builder()
                                .pathPattern("/assets/*")
                                .targetOriginId("assets")
                                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                                .compress(true)
                                .cachePolicyId(CACHING_OPTIMIZED)
                                .lambdaFunctionAssociations(a -> a.quantity(1).items(association))
                                .build()))
                .build();
    }

    private void put(String bucket, String key, String contentEncoding, byte[] bytes) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/javascript; charset=utf-8")
                .contentEncoding(contentEncoding).cacheControl("public, max-age=31536000, immutable"),
                RequestBody.fromBytes(bytes));
    }

    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
