package dev.edgedeploy.sandbox.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.lambda.LambdaService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.cloudfront.model.CreateDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.DistributionAlreadyExistsException;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionList;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.IllegalUpdateException;
import software.amazon.awssdk.services.cloudfront.model.InconsistentQuantitiesException;
import software.amazon.awssdk.services.cloudfront.model.InvalidIfMatchVersionException;
import software.amazon.awssdk.services.cloudfront.model.InvalidLambdaFunctionAssociationException;
import software.amazon.awssdk.services.cloudfront.model.InvalidTtlOrderException;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.NoSuchCachePolicyException;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.model.NoSuchOriginException;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;
import software.amazon.awssdk.services.cloudfront.model.UpdateDistributionResponse;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The sandbox CloudFront against the real AWS SDK v2 CloudFront client, with a real sandbox Lambda behind it: what
 * it accepts, what it refuses (typed exception, status and message as AWS answers), and how a change propagates.
 */
class CloudFrontConformanceTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/edge-deploy-lambda";
    private static final String ORIGIN_ID = "widget-assets";
    /** AWS's managed CachingDisabled policy: the entry file is never cached. */
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final Duration PROPAGATION = Duration.ofMinutes(5);

    @TempDir
    Path work;

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-03-01T10:00:00Z"));
    private LambdaService lambdaService;
    private CloudFrontService service;
    private LambdaClient lambda;
    private CloudFrontClient cloudFront;

    @BeforeEach
    void start() throws IOException {
        lambdaService = LambdaService.start(LambdaService.Settings.defaults(work).withUpdateDelay(Duration.ZERO));
        service = CloudFrontService.start(CloudFrontService.Settings.defaults(lambdaService.endpoint())
                .withPropagationDelay(PROPAGATION).withClock(clock));
        lambdaService.replicationCheck(service::isReplicated);
        lambda = LambdaClient.builder()
                .endpointOverride(lambdaService.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(ApacheHttpClient.create())
                .build();
        cloudFront = cloudFront(credentials());
    }

    @AfterEach
    void stop() {
        cloudFront.close();
        lambda.close();
        service.close();
        lambdaService.close();
    }

    // ------------------------------------------------------------------ distributions

    @Test
    void createsADistributionThatIsInProgressUntilPropagated() {
        CreateDistributionResponse created = cloudFront.createDistribution(r -> r.distributionConfig(plainConfig()));

        String id = created.distribution().id();
        assertThat(id).matches("E[A-Z0-9]{13}");
        assertThat(created.distribution().arn()).isEqualTo("arn:aws:cloudfront::123456789012:distribution/" + id);
        assertThat(created.distribution().domainName()).matches("d[a-z0-9]{13}\\.cloudfront\\.net");
        assertThat(created.distribution().status()).isEqualTo("InProgress");
        assertThat(created.distribution().lastModifiedTime()).isEqualTo(clock.instant());
        assertThat(created.eTag()).isNotBlank();
        assertThat(created.location()).isEqualTo("https://cloudfront.amazonaws.com/2020-05-31/distribution/" + id);
        assertThat(created.distribution().distributionConfig()).isEqualTo(plainConfig());

        clock.advance(PROPAGATION);
        assertThat(cloudFront.getDistribution(r -> r.id(id)).distribution().status()).isEqualTo("Deployed");
    }

    @Test
    void answersTheConfigWithTheETagAnUpdateMustQuote() {
        CreateDistributionResponse created = cloudFront.createDistribution(r -> r.distributionConfig(plainConfig()));

        GetDistributionConfigResponse config = cloudFront.getDistributionConfig(r -> r.id(created.distribution().id()));

        assertThat(config.eTag()).isEqualTo(created.eTag());
        assertThat(config.distributionConfig()).isEqualTo(plainConfig());
        assertThat(config.distributionConfig().cacheBehaviors().items()).extracting(CacheBehavior::pathPattern)
                .containsExactly("/assets/index.js");
    }

    @Test
    void updatingWithANumberedVersionPropagatesThenTheWaiterSeesDeployed() {
        String version = publishedVersion("edge", function -> { });
        String id = deployedDistribution();
        GetDistributionConfigResponse before = cloudFront.getDistributionConfig(r -> r.id(id));

        UpdateDistributionResponse updated = cloudFront.updateDistribution(r -> r.id(id).ifMatch(before.eTag())
                .distributionConfig(config(association(version, EventType.ORIGIN_REQUEST))));

        assertThat(updated.eTag()).isNotEqualTo(before.eTag());
        assertThat(updated.distribution().status()).isEqualTo("InProgress");
        assertThat(cloudFront.getDistributionConfig(r -> r.id(id)).eTag()).isEqualTo(updated.eTag());
        assertThatThrownBy(() -> cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id),
                o -> o.maxAttempts(2).backoffStrategyV2(BackoffStrategy.retryImmediately())))
                .isInstanceOf(SdkClientException.class);

        clock.advance(PROPAGATION);

        assertThat(cloudFront.waiter().waitUntilDistributionDeployed(r -> r.id(id),
                o -> o.maxAttempts(2).backoffStrategyV2(BackoffStrategy.retryImmediately()))
                .matched().response().orElseThrow().distribution().status()).isEqualTo("Deployed");
    }

    @Test
    void servesTheOldAndTheNewConfigWhileAChangePropagatesAndOnlyTheNewOnceDeployed() {
        String version = publishedVersion("edge", function -> { });
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(config(association(version, EventType.ORIGIN_REQUEST))));

        DistributionSnapshot propagating = service.snapshot(id);
        assertThat(propagating.status()).isEqualTo(DistributionSnapshot.IN_PROGRESS);
        assertThat(propagating.deployedAt()).isEqualTo(clock.instant().plus(PROPAGATION));
        assertThat(propagating.configsInService()).extracting(each -> each.associatedFunctionArns())
                .containsExactly(List.of(), List.of(version));
        assertThat(propagating.current().cacheBehaviors().get(0).lambdaAssociations())
                .containsExactly(new LambdaAssociation(version,
                        dev.edgedeploy.sandbox.cloudfront.EventType.ORIGIN_REQUEST, false));

        clock.advance(PROPAGATION);

        DistributionSnapshot deployed = service.snapshot(id);
        assertThat(deployed.isDeployed()).isTrue();
        assertThat(deployed.configsInService()).containsExactly(deployed.current());
        assertThat(service.configsInService(id).get(0).associatedFunctionArns()).containsExactly(version);
    }

    @Test
    void keepsEveryConfigAViewerMayMeetWhenChangesOverlap() {
        String first = publishedVersion("edge", function -> { });
        String second = lambda.publishVersion(r -> r.functionName("edge").description("second")).functionArn();
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        String afterFirst = cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(config(association(first, EventType.ORIGIN_REQUEST)))).eTag();
        clock.advance(Duration.ofMinutes(2));
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(afterFirst)
                .distributionConfig(config(association(second, EventType.ORIGIN_REQUEST))));

        assertThat(service.configsInService(id)).extracting(each -> each.associatedFunctionArns())
                .containsExactly(List.of(), List.of(first), List.of(second));
        clock.advance(Duration.ofMinutes(3));
        assertThat(service.configsInService(id)).extracting(each -> each.associatedFunctionArns())
                .containsExactly(List.of(first), List.of(second));
        assertThat(service.snapshot(id).status()).isEqualTo(DistributionSnapshot.IN_PROGRESS);
        clock.advance(Duration.ofMinutes(2));
        assertThat(service.configsInService(id)).extracting(each -> each.associatedFunctionArns())
                .containsExactly(List.of(second));
        assertThat(service.snapshot(id).status()).isEqualTo(DistributionSnapshot.DEPLOYED);
    }

    @Test
    void aChangedPropagationDelayAppliesToLaterChanges() {
        String id = deployedDistribution();
        service.propagationDelay(Duration.ZERO);
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();

        UpdateDistributionResponse updated = cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(plainConfig().toBuilder().comment("at once").build()));

        assertThat(updated.distribution().status()).isEqualTo("Deployed");
        assertThat(service.configsInService(id)).extracting(each -> each.comment()).containsExactly("at once");
    }

    @Test
    void refusesAStaleETagWithPreconditionFailed() {
        String version = publishedVersion("edge", function -> { });
        String id = deployedDistribution();
        String stale = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        cloudFront.updateDistribution(r -> r.id(id).ifMatch(stale).distributionConfig(plainConfig().toBuilder()
                .comment("second").build()));

        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id(id).ifMatch(stale)
                .distributionConfig(config(association(version, EventType.ORIGIN_REQUEST)))))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The request failed because it didn't "
                            + "meet the preconditions in one or more request-header fields.");
                });
        assertThat(cloudFront.getDistributionConfig(r -> r.id(id)).distributionConfig().comment()).isEqualTo("second");
    }

    @Test
    void refusesAnUpdateWithoutIfMatch() {
        String id = deployedDistribution();

        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id(id).distributionConfig(plainConfig())))
                .isInstanceOfSatisfying(InvalidIfMatchVersionException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The If-Match version is missing or not valid for the resource.");
                });
    }

    @Test
    void answersNoSuchDistributionForAnUnknownId() {
        assertThatThrownBy(() -> cloudFront.getDistribution(r -> r.id("E000000000000X")))
                .isInstanceOfSatisfying(NoSuchDistributionException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id("E000000000000X").ifMatch("E1")
                .distributionConfig(plainConfig())))
                .isInstanceOf(NoSuchDistributionException.class);
    }

    @Test
    void refusesToChangeTheCallerReference() {
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();

        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(plainConfig().toBuilder().callerReference("another").build())))
                .isInstanceOfSatisfying(IllegalUpdateException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void refusesASecondCreationWithTheSameCallerReferenceEvenForTheSameConfig() {
        String first = cloudFront.createDistribution(r -> r.distributionConfig(plainConfig())).distribution().id();

        for (DistributionConfig again : List.of(plainConfig(), plainConfig().toBuilder().comment("other").build())) {
            assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(again)))
                    .isInstanceOfSatisfying(DistributionAlreadyExistsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(409);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The caller reference that you are "
                                + "using to create a distribution is associated with another distribution. Already "
                                + "exists: " + first);
                    });
        }
        assertThat(cloudFront.listDistributions(r -> { }).distributionList().items())
                .extracting(summary -> summary.id() + " " + summary.comment()).containsExactly(first + " widget");
    }

    @Test
    void listsDistributionsPageByPage() {
        List<String> ids = List.of(deployedDistribution(), deployedDistribution(), deployedDistribution()).stream()
                .sorted().toList();

        DistributionList first = cloudFront.listDistributions(r -> r.maxItems("2")).distributionList();
        DistributionList second = cloudFront.listDistributions(r -> r.maxItems("2").marker(first.nextMarker()))
                .distributionList();

        assertThat(first.isTruncated()).isTrue();
        assertThat(first.quantity()).isEqualTo(2);
        assertThat(second.isTruncated()).isFalse();
        assertThat(second.nextMarker()).isNull();
        assertThat(Stream.concat(first.items().stream(), second.items().stream()).map(DistributionSummary::id))
                .containsExactlyElementsOf(ids);
        assertThat(second.items().get(0).status()).isEqualTo("Deployed");
        assertThat(second.items().get(0).cacheBehaviors().items()).extracting(CacheBehavior::pathPattern)
                .containsExactly("/assets/index.js");
    }

    @Test
    void refusesAQuantityThatDoesNotMatchTheItems() {
        DistributionConfig wrong = plainConfig().toBuilder()
                .cacheBehaviors(behaviors -> behaviors.quantity(2).items(plainConfig().cacheBehaviors().items()))
                .build();

        assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(wrong)))
                .isInstanceOfSatisfying(InconsistentQuantitiesException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("The value of Quantity and the size of Items don't match.");
                });
    }

    @Test
    void refusesAMissingRequiredMemberAsMalformedXml() {
        DistributionConfig missing = plainConfig().toBuilder()
                .cacheBehaviors(behaviors -> behaviors.quantity(1).items(plainConfig().cacheBehaviors().items().get(0)
                        .toBuilder().lambdaFunctionAssociations(associations -> associations.quantity(1)
                                .items(LambdaFunctionAssociation.builder().eventType(EventType.ORIGIN_REQUEST)
                                        .build())).build()))
                .build();

        assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(missing)))
                .isInstanceOfSatisfying(CloudFrontException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedXML");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value null "
                            + "at 'distributionConfig.cacheBehaviors.items.1.member.lambdaFunctionAssociations.items.1"
                            + ".member.lambdaFunctionARN' failed to satisfy constraint: Member must not be null");
                });
    }

    @Test
    void refusesABehaviorTargetingAnUnknownOrigin() {
        DistributionConfig wrong = plainConfig().toBuilder()
                .defaultCacheBehavior(behavior -> behavior.targetOriginId("nowhere")
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS).cachePolicyId(CACHING_DISABLED))
                .build();

        assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(wrong)))
                .isInstanceOf(NoSuchOriginException.class);
    }

    @Test
    void refusesACachePolicyThatDoesNotExistAndLegacyTtlsOutOfOrder() {
        DistributionConfig unknownPolicy = plainConfig().toBuilder()
                .defaultCacheBehavior(plainConfig().defaultCacheBehavior().toBuilder()
                        .cachePolicyId("00000000-0000-0000-0000-000000000000").build())
                .build();
        DistributionConfig ttlsOutOfOrder = plainConfig().toBuilder()
                .cacheBehaviors(behaviors -> behaviors.quantity(1).items(plainConfig().cacheBehaviors().items().get(0)
                        .toBuilder().minTTL(60L).defaultTTL(30L).build()))
                .build();

        assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(unknownPolicy)))
                .isInstanceOfSatisfying(NoSuchCachePolicyException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> cloudFront.createDistribution(r -> r.distributionConfig(ttlsOutOfOrder)))
                .isInstanceOfSatisfying(InvalidTtlOrderException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void exposesTheManagedCachePolicyOfABehavior() {
        String id = cloudFront.createDistribution(r -> r.distributionConfig(plainConfig())).distribution().id();

        assertThat(service.snapshot(id).current().defaultCacheBehavior().cachePolicy())
                .contains(ManagedCachePolicy.CACHING_OPTIMIZED);
        assertThat(service.snapshot(id).current().cacheBehaviors().get(0).cachePolicy()).isEmpty();
    }

    @Test
    void refusesAnUnsignedRequest() throws Exception {
        try (CloudFrontClient anonymous = cloudFront(AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> anonymous.createDistribution(r -> r.distributionConfig(plainConfig())))
                    .isInstanceOfSatisfying(CloudFrontException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationToken");
                    });
        }
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(service.endpoint() + "/2020-05-31/distribution")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(403);
        assertThat(raw.body()).contains("<Code>MissingAuthenticationToken</Code>");
        assertThat(service.distributions()).isEmpty();
    }

    // ------------------------------------------------------------------ Lambda@Edge associations

    @Test
    void refusesAnAliasArn() {
        String version = publishedVersion("edge", function -> { });
        lambda.createAlias(r -> r.functionName("edge").name("live").functionVersion("1"));
        String alias = version.substring(0, version.lastIndexOf(':')) + ":live";

        assertRefused(alias, EventType.ORIGIN_REQUEST, "The function ARN must reference a specific function version. "
                + "(The ARN must end with the version number.) ARN: " + alias);
    }

    @Test
    void refusesLatestAndUnqualifiedArns() {
        String version = publishedVersion("edge", function -> { });
        String unqualified = version.substring(0, version.lastIndexOf(':'));

        assertRefused(unqualified + ":$LATEST", EventType.ORIGIN_REQUEST, "The function ARN must reference a specific "
                + "function version. (The ARN must end with the version number.) ARN: " + unqualified + ":$LATEST");
        assertRefused(unqualified, EventType.ORIGIN_REQUEST, "The function ARN must reference a specific function "
                + "version. (The ARN must end with the version number.) ARN: " + unqualified);
    }

    @Test
    void refusesAVersionLambdaDoesNotHave() {
        String version = publishedVersion("edge", function -> { });
        String missing = version.substring(0, version.lastIndexOf(':')) + ":99";

        assertRefused(missing, EventType.ORIGIN_REQUEST, "Lambda@Edge cannot retrieve the specified Lambda function. "
                + "Update the IAM policy to add permission: lambda:GetFunction for resource: " + missing
                + " and try again.");
    }

    @Test
    void refusesAFunctionOutsideUsEast1() {
        String elsewhere = "arn:aws:lambda:eu-west-1:123456789012:function:edge:1";

        assertRefused(elsewhere, EventType.ORIGIN_REQUEST, "The function must be in region 'us-east-1'. ARN: "
                + elsewhere);
    }

    @Test
    void refusesAFunctionWithEnvironmentVariables() {
        String version = publishedVersion("configured",
                function -> function.environment(env -> env.variables(Map.of("GREETING", "hello"))));

        assertRefused(version, EventType.ORIGIN_REQUEST, "The function cannot have environment variables. Function: "
                + version);
    }

    @Test
    void refusesARuntimeLambdaAtEdgeDoesNotRun() {
        String version = publishedVersion("java", function -> function.runtime(Runtime.JAVA21)
                .handler("example.Handler::handleRequest"));

        assertRefused(version, EventType.ORIGIN_REQUEST, "The function has a runtime that is not supported by "
                + "Lambda@Edge: java21 Function: " + version + " Supported runtimes: [nodejs18.x, nodejs20.x, "
                + "nodejs22.x, python3.9, python3.10, python3.11, python3.12, python3.13]");
    }

    @Test
    void refusesEphemeralStorageAbove512Mb() {
        String version = publishedVersion("scratch",
                function -> function.ephemeralStorage(storage -> storage.size(1024)));

        assertRefused(version, EventType.ORIGIN_REQUEST, "The function ephemeral storage size is larger than the "
                + "maximum allowed for functions that are triggered by a CloudFront event: 1024 Max allowed: 512 "
                + "Function: " + version);
    }

    @Test
    void refusesAViewerTriggerWithMoreThan128MbButAcceptsItAtTheOrigin() {
        String version = publishedVersion("roomy", function -> function.memorySize(256));

        assertRefused(version, EventType.VIEWER_REQUEST, "The function memory size is larger than the maximum allowed "
                + "size for functions that are triggered by a CloudFront event: 256 Max allowed: 128 Function: "
                + version);
        assertAccepted(version, EventType.ORIGIN_REQUEST);
    }

    @Test
    void refusesAViewerTriggerOverOneMegabyteZippedButAcceptsItAtTheOrigin() {
        SdkBytes zip = zip(Map.of("index.mjs", "export const handler = async (event) => event;".getBytes(
                StandardCharsets.UTF_8), "padding.bin", incompressible(1_100_000)));
        String version = publishedVersion("large", function -> function.code(code -> code.zipFile(zip)));
        long size = zip.asByteArray().length;

        assertRefused(version, EventType.VIEWER_RESPONSE, "The function code size is larger than the maximum allowed "
                + "size for functions that are triggered by a CloudFront event: " + size + " Max allowed: 1048576 "
                + "Function: " + version);
        assertAccepted(version, EventType.ORIGIN_RESPONSE);
    }

    @Test
    void refusesAnOriginTriggerWithA31SecondTimeoutAndAViewerTriggerWithSixSeconds() {
        String slow = publishedVersion("slow", function -> function.timeout(31));
        String six = publishedVersion("six", function -> function.timeout(6));

        assertRefused(slow, EventType.ORIGIN_REQUEST, "The function timeout is larger than the maximum allowed for "
                + "functions that are triggered by a CloudFront event: 31 Max allowed: 30 Function: " + slow);
        assertRefused(six, EventType.VIEWER_REQUEST, "The function timeout is larger than the maximum allowed for "
                + "functions that are triggered by a CloudFront event: 6 Max allowed: 5 Function: " + six);
        assertAccepted(six, EventType.ORIGIN_REQUEST);
    }

    @Test
    void refusesTwoFunctionsForOneEventTypeAndABodyForAResponseEvent() {
        String version = publishedVersion("edge", function -> { });
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        LambdaFunctionAssociation once = association(version, EventType.ORIGIN_REQUEST);

        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(withAssociations(List.of(once, once)))))
                .isInstanceOf(InvalidLambdaFunctionAssociationException.class);
        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(withAssociations(List.of(association(version, EventType.VIEWER_RESPONSE).toBuilder()
                        .includeBody(true).build())))))
                .isInstanceOfSatisfying(InvalidLambdaFunctionAssociationException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .startsWith("IncludeBody is only supported"));
    }

    @Test
    void lambdaRefusesToDeleteAnAssociatedVersionUntilTheAssociationIsGoneEverywhere() {
        String version = publishedVersion("edge", function -> { });
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        String associated = cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(config(association(version, EventType.ORIGIN_REQUEST)))).eTag();
        clock.advance(PROPAGATION);

        assertThatThrownBy(() -> lambda.deleteFunction(r -> r.functionName("edge").qualifier("1")))
                .isInstanceOfSatisfying(InvalidParameterValueException.class,
                        e -> assertThat(e.getMessage()).contains("because it is a replicated function"));

        cloudFront.updateDistribution(r -> r.id(id).ifMatch(associated).distributionConfig(plainConfig()));
        assertThat(service.isReplicated(version)).as("still served while the removal propagates").isTrue();
        clock.advance(PROPAGATION);

        assertThat(service.isReplicated(version)).isFalse();
        lambda.deleteFunction(r -> r.functionName("edge").qualifier("1"));
    }

    // ------------------------------------------------------------------ helpers

    private void assertRefused(String arn, EventType eventType, String message) {
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        assertThatThrownBy(() -> cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(config(association(arn, eventType)))))
                .isInstanceOfSatisfying(InvalidLambdaFunctionAssociationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
                });
        assertThat(cloudFront.getDistributionConfig(r -> r.id(id)).eTag()).as("nothing changed").isEqualTo(etag);
    }

    private void assertAccepted(String arn, EventType eventType) {
        String id = deployedDistribution();
        String etag = cloudFront.getDistributionConfig(r -> r.id(id)).eTag();
        UpdateDistributionResponse updated = cloudFront.updateDistribution(r -> r.id(id).ifMatch(etag)
                .distributionConfig(config(association(arn, eventType))));
        assertThat(updated.distribution().distributionConfig().cacheBehaviors().items().get(0)
                .lambdaFunctionAssociations().items()).extracting(LambdaFunctionAssociation::lambdaFunctionARN)
                .containsExactly(arn);
    }

    private int distributions;
    /** The caller reference of the distribution created last, which the configs below carry. */
    private String callerReference = "edge-deploy-test";

    /** A new deployed distribution (each with its own caller reference) without associations. */
    private String deployedDistribution() {
        distributions++;
        callerReference = "edge-deploy-test-" + distributions;
        String id = cloudFront.createDistribution(r -> r.distributionConfig(plainConfig())).distribution().id();
        service.propagateChanges();
        return id;
    }

    /** Creates a Node.js 22 function (128 MB, 5 s unless changed) and publishes version 1; answers its ARN. */
    private String publishedVersion(String name, Consumer<CreateFunctionRequest.Builder> settings) {
        CreateFunctionRequest.Builder request = CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(Runtime.NODEJS22_X)
                .role(ROLE)
                .handler("index.handler")
                .memorySize(128)
                .timeout(5)
                .code(code -> code.zipFile(zip(Map.of("index.mjs",
                        "export const handler = async (event) => event.Records[0].cf.request;"
                                .getBytes(StandardCharsets.UTF_8)))));
        settings.accept(request);
        lambda.createFunction(request.build());
        return lambda.publishVersion(r -> r.functionName(name)).functionArn();
    }

    private static LambdaFunctionAssociation association(String arn, EventType eventType) {
        return LambdaFunctionAssociation.builder().lambdaFunctionARN(arn).eventType(eventType).includeBody(false)
                .build();
    }

    private DistributionConfig config(LambdaFunctionAssociation association) {
        return withAssociations(List.of(association));
    }

    private DistributionConfig plainConfig() {
        return withAssociations(List.of());
    }

    /** The widget's distribution: S3 origin, a default behavior, and the never-cached entry file's behavior. */
    private DistributionConfig withAssociations(List<LambdaFunctionAssociation> entryAssociations) {
        return DistributionConfig.builder()
                .callerReference(callerReference)
                .comment("widget")
                .enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder()
                        .id(ORIGIN_ID)
                        .domainName("widget-assets.s3.us-east-1.amazonaws.com")
                        .originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))
                        .build()))
                .defaultCacheBehavior(behavior -> behavior
                        .targetOriginId(ORIGIN_ID)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .compress(true)
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6")
                        .lambdaFunctionAssociations(none -> none.quantity(0)))
                .cacheBehaviors(behaviors -> behaviors.quantity(1).items(CacheBehavior.builder()
                        .pathPattern("/assets/index.js")
                        .targetOriginId(ORIGIN_ID)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .forwardedValues(forwarded -> forwarded.queryString(false)
                                .cookies(cookies -> cookies.forward(ItemSelection.NONE)))
                        .minTTL(0L).defaultTTL(0L).maxTTL(0L)
                        .lambdaFunctionAssociations(associations -> associations.quantity(entryAssociations.size())
                                .items(entryAssociations.isEmpty() ? null : entryAssociations))
                        .build()))
                .build();
    }

    private CloudFrontClient cloudFront(AwsCredentialsProvider credentials) {
        return CloudFrontClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    private static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSANDBOXTEST", "sandbox-test-secret"));
    }

    private static byte[] incompressible(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static SdkBytes zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }
}
