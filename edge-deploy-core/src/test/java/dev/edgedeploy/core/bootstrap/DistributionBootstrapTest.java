package dev.edgedeploy.core.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.aws.AwsSettings;
import dev.edgedeploy.core.aws.CredentialsSource;
import dev.edgedeploy.core.aws.ServiceEndpoints;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.upload.BucketTarget;
import dev.edgedeploy.sandbox.EdgeSandbox;
import dev.edgedeploy.sandbox.SandboxEndpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

/** The bootstrap against the sandbox's CloudFront: creates the widget's distribution once, then finds it. */
class DistributionBootstrapTest {

    @TempDir
    Path work;

    private EdgeSandbox sandbox;
    private AwsClients clients;
    private BucketTarget primary;

    @BeforeEach
    void start() {
        sandbox = EdgeSandbox.builder().stateDirectory(work.resolve("sandbox"))
                .region("us-east-1", "edge-deploy-us-east-1").start();
        SandboxEndpoints endpoints = sandbox.endpoints();
        clients = new AwsClients(AwsSettings.defaults()
                .withEndpoints(ServiceEndpoints.of(endpoints.s3(), endpoints.lambda(), endpoints.cloudFront(),
                        endpoints.codeDeploy(), endpoints.cloudWatch()))
                .withCredentials(CredentialsSource.staticKeys(EdgeSandbox.ACCESS_KEY_ID,
                        EdgeSandbox.SECRET_ACCESS_KEY)));
        primary = new BucketTarget("us-east-1", "edge-deploy-us-east-1");
    }

    @AfterEach
    void stop() {
        clients.close();
        sandbox.close();
    }

    @Test
    void createsTheWidgetDistributionOnThePrimaryBucketWithEntryAndAssetBehaviors() {
        String id = new DistributionBootstrap(clients.cloudFront()).ensure("widget", primary, DeployListener.NONE);

        DistributionConfig config = clients.cloudFront().getDistributionConfig(r -> r.id(id)).distributionConfig();
        assertThat(config.comment()).isEqualTo("edge-deploy:widget");
        assertThat(config.origins().items()).singleElement()
                .satisfies(origin -> assertThat(origin.domainName()).isEqualTo(primary.domainName()));
        assertThat(config.cacheBehaviors().items()).extracting(CacheBehavior::pathPattern)
                .containsExactly("/assets/index.js", "/assets/*", "/_edge-deploy/beacon");
        assertThat(config.cacheBehaviors().items().get(0).maxTTL()).isZero();
        assertThat(config.cacheBehaviors().items().get(1).cachePolicyId())
                .as("assets keyed on br/gzip so each variant is cached apart")
                .isEqualTo(DistributionBootstrap.CACHING_OPTIMIZED);
        assertThat(config.cacheBehaviors().items().get(1).responseHeadersPolicyId())
                .as("chunks load with CORS, so their errors reach the beacon unmuted")
                .isEqualTo(DistributionBootstrap.SIMPLE_CORS);
        CacheBehavior beacon = config.cacheBehaviors().items().get(2);
        assertThat(beacon.allowedMethods().itemsAsStrings()).contains("POST");
        assertThat(beacon.cachePolicyId()).isEqualTo(DistributionBootstrap.CACHING_DISABLED);
    }

    @Test
    void secondCallReturnsTheSameDistributionAndCreatesNothing() {
        DistributionBootstrap bootstrap = new DistributionBootstrap(clients.cloudFront());
        String first = bootstrap.ensure("widget", primary, DeployListener.NONE);

        String second = bootstrap.ensure("widget", primary, DeployListener.NONE);

        assertThat(second).isEqualTo(first);
        assertThat(clients.cloudFront().listDistributions(r -> { }).distributionList().items()).hasSize(1);
    }

    @Test
    void eachFunctionGetsItsOwnDistribution() {
        DistributionBootstrap bootstrap = new DistributionBootstrap(clients.cloudFront());

        String widget = bootstrap.ensure("widget", primary, DeployListener.NONE);
        String other = bootstrap.ensure("other-widget", primary, DeployListener.NONE);

        assertThat(other).isNotEqualTo(widget);
    }
}
