package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.sandbox.EdgeSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.EventType;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudfront.model.UpdateDistributionRequest;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** The read-modify-write of the distribution: only our associations change, stale ETags are retried. */
class DistributionAssociationTest {

    @TempDir
    Path work;

    private ReleaseSandbox edge;
    private String version1;
    private String version2;

    @BeforeEach
    void start() throws Exception {
        edge = new ReleaseSandbox(work);
        PackagedBuild build = edge.committedBuild("b1", "one");
        SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(build.bundleFile()));
        edge.clients.lambda().createFunction(r -> r.functionName(ReleaseSandbox.FUNCTION).runtime(Runtime.NODEJS22_X)
                .role(ReleaseSandbox.ROLE).handler("index.handler").memorySize(128).timeout(5)
                .code(c -> c.zipFile(zip)));
        edge.clients.lambda().waiter().waitUntilFunctionActiveV2(r -> r.functionName(ReleaseSandbox.FUNCTION));
        version1 = edge.clients.lambda().publishVersion(r -> r.functionName(ReleaseSandbox.FUNCTION).description("one"))
                .functionArn();
        edge.clients.lambda().updateFunctionCode(r -> r.functionName(ReleaseSandbox.FUNCTION)
                .zipFile(SdkBytes.fromByteArray(zipWithComment(zip.asByteArray()))));
        edge.clients.lambda().waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(ReleaseSandbox.FUNCTION));
        version2 = edge.clients.lambda().publishVersion(r -> r.functionName(ReleaseSandbox.FUNCTION).description("two"))
                .functionArn();
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void aStaleETagIsReadAgainAndTheOtherActorsChangeIsKept() {
        AtomicInteger updates = new AtomicInteger();
        // another actor edits the distribution between our read and our write, once
        ExecutionInterceptor otherActor = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateDistributionRequest && updates.getAndIncrement() == 0) {
                    var current = edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId));
                    edge.clients.cloudFront().updateDistribution(r -> r.id(edge.distributionId)
                            .ifMatch(current.eTag()).distributionConfig(current.distributionConfig().toBuilder()
                                    .comment("edited by someone else").build()));
                }
            }
        };
        try (CloudFrontClient racing = cloudFront(otherActor)) {
            ReleaseJournal journal = new ReleaseJournal(edge.listener(), Clock.systemUTC());

            boolean changed = new DistributionAssociation(racing, journal, Clock.systemUTC())
                    .point(edge.settings().build(), version1);

            assertThat(changed).isTrue();
            assertThat(updates).hasValue(2);
            DistributionConfig config = config();
            assertThat(config.comment()).isEqualTo("edited by someone else");
            assertThat(originRequest(behavior(config, "/assets/index.js"))).isEqualTo(version1);
            assertThat(journal.steps()).extracting(ReleaseStep::detail)
                    .anySatisfy(d -> assertThat(d).contains("reading it again"));
        }
    }

    @Test
    void pointsOnlyOurOriginRequestAssociationAndLeavesOtherTriggersAlone() {
        // someone's viewer-request association on the entry behavior
        var current = edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId));
        DistributionConfig withViewer = withEntryAssociations(current.distributionConfig(), List.of(
                association(version1, EventType.VIEWER_REQUEST), association(version1, EventType.ORIGIN_REQUEST)));
        edge.clients.cloudFront().updateDistribution(r -> r.id(edge.distributionId).ifMatch(current.eTag())
                .distributionConfig(withViewer));
        DistributionAssociation association = new DistributionAssociation(edge.clients.cloudFront(),
                new ReleaseJournal(edge.listener(), Clock.systemUTC()), Clock.systemUTC());

        assertThat(association.point(edge.settings().build(), version2)).isTrue();
        assertThat(association.point(edge.settings().build(), version2)).isFalse();

        CacheBehavior entry = behavior(config(), "/assets/index.js");
        assertThat(entry.lambdaFunctionAssociations().items()).extracting(LambdaFunctionAssociation::eventType,
                LambdaFunctionAssociation::lambdaFunctionARN).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EventType.VIEWER_REQUEST, version1),
                        org.assertj.core.groups.Tuple.tuple(EventType.ORIGIN_REQUEST, version2));
        assertThat(originRequest(behavior(config(), "/assets/*"))).isEqualTo(version2);
        assertThat(config().defaultCacheBehavior().lambdaFunctionAssociations().quantity()).isZero();
    }

    @Test
    void refusesToReplaceAnotherFunctionsOriginRequestAssociation() {
        String foreign = version1.replace(":function:" + ReleaseSandbox.FUNCTION + ":", ":function:someone-else:");
        var current = edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId));
        // written straight into the sandbox's view would be refused (no such function): check the decision offline
        DistributionConfig foreignConfig = withEntryAssociations(current.distributionConfig(), List.of(
                association(foreign, EventType.ORIGIN_REQUEST)));
        assertThat(DistributionAssociation.unqualified(foreign)).endsWith(":function:someone-else");
        assertThat(DistributionAssociation.unqualified(version2)).isEqualTo(DistributionAssociation.unqualified(version1));
        assertThatThrownBy(() -> new DistributionAssociation(edge.clients.cloudFront(),
                new ReleaseJournal(edge.listener(), Clock.systemUTC()), Clock.systemUTC())
                .associated(foreignConfig, edge.settings().build(), version2))
                .isInstanceOf(TargetException.class).hasMessageContaining("someone-else");
    }

    @Test
    void namesTheMissingEntryBehavior() {
        assertThatThrownBy(() -> new DistributionAssociation(edge.clients.cloudFront(),
                new ReleaseJournal(edge.listener(), Clock.systemUTC()), Clock.systemUTC())
                .point(edge.settings().entryPathPattern("/widget/index.js").build(), version1))
                .isInstanceOf(TargetException.class).hasMessageContaining("/widget/index.js")
                .hasMessageContaining("/assets/index.js");
        assertThat(edge.events).extracting(DeployEvent::message).noneMatch(m -> m.contains("now run"));
    }

    private DistributionConfig config() {
        return edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId)).distributionConfig();
    }

    private static CacheBehavior behavior(DistributionConfig config, String pathPattern) {
        return config.cacheBehaviors().items().stream().filter(b -> b.pathPattern().equals(pathPattern)).findFirst()
                .orElseThrow();
    }

    private static String originRequest(CacheBehavior behavior) {
        return behavior.lambdaFunctionAssociations().items().stream()
                .filter(a -> a.eventType() == EventType.ORIGIN_REQUEST).map(LambdaFunctionAssociation::lambdaFunctionARN)
                .findFirst().orElse("none");
    }

    private static LambdaFunctionAssociation association(String arn, EventType type) {
        return LambdaFunctionAssociation.builder().lambdaFunctionARN(arn).eventType(type).includeBody(false).build();
    }

    private static DistributionConfig withEntryAssociations(DistributionConfig config,
            List<LambdaFunctionAssociation> associations) {
        List<CacheBehavior> behaviors = config.cacheBehaviors().items().stream().map(b -> b.pathPattern()
                .equals("/assets/index.js") ? b.toBuilder().lambdaFunctionAssociations(a -> a
                .quantity(associations.size()).items(associations)).build() : b).toList();
        return config.toBuilder().cacheBehaviors(config.cacheBehaviors().toBuilder().items(behaviors).build()).build();
    }

    private CloudFrontClient cloudFront(ExecutionInterceptor interceptor) {
        return CloudFrontClient.builder().endpointOverride(edge.sandbox.endpoints().cloudFront())
                .region(Region.AWS_GLOBAL).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY)))
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }

    /** The same zip with an archive comment: other bytes, so another CodeSha256 and a second version. */
    private static byte[] zipWithComment(byte[] zip) {
        byte[] copy = java.util.Arrays.copyOf(zip, zip.length + 2);
        // end-of-central-directory record: the last 22 bytes; its comment length is its last two bytes
        copy[zip.length - 2] = 2;
        copy[zip.length - 1] = 0;
        copy[zip.length] = 'x';
        copy[zip.length + 1] = 'y';
        return copy;
    }
}
