package dev.edgedeploy.core.release;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.compress.CompressionSettings;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.packaging.BuildPackager;
import dev.edgedeploy.core.packaging.PackageRequest;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.core.upload.DeployTarget;
import dev.edgedeploy.core.upload.ReplicatedUploader;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.SandboxEndpoints;
import dev.edgedeploy.sandbox.edge.EdgeFront;
import dev.edgedeploy.sandbox.edge.ViewerPanel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.ItemSelection;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/**
 * A sandbox edge for release tests: S3 (one primary bucket), Lambda, CloudFront, CloudWatch and CodeDeploy on a fast
 * clock, the core's own clients against it, a distribution with the widget's two behaviors, and builds packaged and
 * uploaded for real.
 */
final class ReleaseSandbox implements AutoCloseable {

    static final String FUNCTION = "edge-widget";
    static final String ROLE = "arn:aws:iam::123456789012:role/edge-widget";
    static final String CODEDEPLOY_ROLE = "arn:aws:iam::123456789012:role/codedeploy";
    static final String ORIGIN_ID = "primary";
    static final Instant OUTPUT_TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

    final EdgeSandbox sandbox;
    final AwsClients clients;
    final DeployTarget target;
    final Path work;
    final List<DeployEvent> events = new CopyOnWriteArrayList<>();
    final String distributionId;

    ReleaseSandbox(Path work) {
        this.work = work;
        this.sandbox = EdgeSandbox.builder().stateDirectory(work.resolve("sandbox"))
                .region("us-east-1", "edge-deploy-us-east-1")
                .timeScale(120)
                .lambdaUpdateDelay(Duration.ofMillis(200))
                .cloudFrontPropagationDelay(Duration.ofSeconds(5))
                // room for every edge location's warm environments of two versions plus the regional ones
                .lambdaConcurrencyLimit(16)
                .start();
        SandboxEndpoints endpoints = sandbox.endpoints();
        this.clients = new AwsClients(AwsSettings.defaults()
                .withEndpoints(ServiceEndpoints.of(endpoints.s3(), endpoints.lambda(), endpoints.cloudFront(),
                        endpoints.codeDeploy(), endpoints.cloudWatch()))
                .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID,
                        EdgeSandbox.SECRET_ACCESS_KEY)));
        this.target = new DeployTarget(new BucketTarget("us-east-1", sandbox.bucket("us-east-1")), List.of());
        this.distributionId = clients.cloudFront().createDistribution(r -> r.distributionConfig(distribution()))
                .distribution().id();
    }

    DeployListener listener() {
        return events::add;
    }

    ReleaseSettings.Builder settings() {
        return settings(distributionId);
    }

    /** Settings releasing to another distribution of this sandbox (e.g. a bootstrapped one). */
    ReleaseSettings.Builder settings(String distribution) {
        return ReleaseSettings.builder(FUNCTION, distribution)
                .functionRoleArn(ROLE)
                .codeDeployRoleArn(CODEDEPLOY_ROLE)
                .schedule(ShiftSchedule.predefined("LambdaLinear10PercentEvery1Minute"))
                .lambdaEndpoint(sandbox.endpoints().lambda().toString())
                .cloudWatchEndpoint(sandbox.endpoints().cloudWatch().toString())
                .s3Endpoint(sandbox.endpoints().s3().toString())
                .pollInterval(Duration.ofMillis(50))
                .distributionTimeout(Duration.ofSeconds(30))
                .shiftTimeout(Duration.ofSeconds(60));
    }

    /** Packages a widget build whose entry says {@code text}, and uploads and commits it. */
    PackagedBuild committedBuild(String buildId, String text) {
        try {
            Path dist = work.resolve("dist-" + buildId);
            Files.createDirectories(dist);
            Files.writeString(dist.resolve("index.js"), "(function(){console.log('" + text + "');})();\n",
                    StandardCharsets.UTF_8);
            Files.writeString(dist.resolve("chunk-" + buildId + ".js"), "export const build = '" + buildId + "';\n",
                    StandardCharsets.UTF_8);
            PackagedBuild build = new BuildPackager(EdgeRuntimeFiles.fromClasspath()).packageBuild(new PackageRequest(
                    BuildId.of(buildId), dist, null, work.resolve("target/edge-deploy"),
                    CompressionSettings.defaults(work.resolve("compression-cache")), Map.of(), null, OUTPUT_TIMESTAMP,
                    "cdn.example.com", target, null, null), DeployListener.NONE);
            new ReplicatedUploader(clients).upload(build, target, DeployListener.NONE);
            return build;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReleaseReport release(PackagedBuild build, ReleaseSettings settings) {
        return release(build, settings, EdgeRuntimeFiles.fromClasspath(), DeployListener.NONE);
    }

    /**
     * A release whose bundle carries {@code runtime} instead of the product's edge runtime, its events also given to
     * {@code also} (on the release's thread, which waits for it).
     */
    ReleaseReport release(PackagedBuild build, ReleaseSettings settings, EdgeRuntimeFiles runtime,
            DeployListener also) {
        DeployListener recorded = listener();
        return new EdgeRelease(clients, runtime).release(new ReleaseRequest(build, target.primary(), settings,
                OUTPUT_TIMESTAMP, work.resolve("target/edge-deploy"), null), event -> {
                    recorded.on(event);
                    also.on(event);
                });
    }

    /**
     * {@code count} viewers of the widget's distribution spread over four edge locations in four regions: the
     * default one (us-east-1), Frankfurt, Tokyo and São Paulo.
     */
    ViewerPanel viewerPanel(int count) {
        EdgeFront front = sandbox.edgeFront();
        front.edgeLocation("FRA56-P5", "eu-central-1");
        front.edgeLocation("NRT57-P2", "ap-northeast-1");
        front.edgeLocation("GRU3-C1", "sa-east-1");
        return ViewerPanel.builder(front, distributionId).viewers(count).build();
    }

    /** The widget's distribution: an S3 origin, the default behavior, {@code /assets/*} and the entry behavior. */
    private DistributionConfig distribution() {
        return DistributionConfig.builder()
                .callerReference("release-test")
                .comment("widget")
                .enabled(true)
                .origins(origins -> origins.quantity(1).items(Origin.builder()
                        .id(ORIGIN_ID)
                        .domainName(target.primary().domainName())
                        .originPath("")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))
                        .build()))
                .defaultCacheBehavior(behavior -> behavior
                        .targetOriginId(ORIGIN_ID)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .compress(true)
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6")
                        .lambdaFunctionAssociations(none -> none.quantity(0)))
                .cacheBehaviors(behaviors -> behaviors.quantity(2).items(
                        behavior("/assets/index.js", 0L),
                        behavior("/assets/*", 31536000L)))
                .build();
    }

    private static CacheBehavior behavior(String pathPattern, long ttl) {
        return CacheBehavior.builder()
                .pathPattern(pathPattern)
                .targetOriginId(ORIGIN_ID)
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .forwardedValues(forwarded -> forwarded.queryString(false)
                        .cookies(cookies -> cookies.forward(ItemSelection.NONE)))
                .minTTL(0L).defaultTTL(ttl).maxTTL(ttl)
                .lambdaFunctionAssociations(none -> none.quantity(0))
                .build();
    }

    @Override
    public void close() {
        clients.close();
        sandbox.close();
    }
}
