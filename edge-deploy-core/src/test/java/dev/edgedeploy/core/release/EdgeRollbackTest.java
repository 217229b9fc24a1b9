package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.bundle.EdgeRuntimeFiles;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.sandbox.codedeploy.DeploymentListener;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;

/** Rollbacks against the sandbox edge: alias back without CloudFront, a stopped shift, a roll-forward, refusals. */
class EdgeRollbackTest {

    @TempDir
    Path work;

    private ReleaseSandbox edge;

    @BeforeEach
    void start() {
        edge = new ReleaseSandbox(work);
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void rollbackAfterASuccessfulReleaseMovesTheAliasBackToThePreviousVersionWithoutTouchingCloudFront() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        ReleaseReport second = edge.release(edge.committedBuild("b2", "two"), edge.settings().build());
        String etag = etag();

        RollbackReport report = rollback(RollbackRequest.back(edge.target, edge.settings().build()));

        assertThat(report.kind()).isEqualTo(RollbackReport.Kind.ALIAS_RESTORED);
        assertThat(report.fromVersion()).isEqualTo("2");
        assertThat(report.toVersion()).isEqualTo("1");
        assertThat(report.toBuildId()).isEqualTo("b1");
        assertThat(report.distributionUpdated()).isFalse();
        // what the weights probe of version 2's containers sees: the alias left them → they serve blue (b1)
        GetAliasResponse alias = alias();
        assertThat(alias.functionVersion()).isEqualTo("1");
        assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty())
                .isTrue();
        assertThat(etag()).isEqualTo(etag);
        assertThat(DistributionAssociation.running(distributionConfig(), edge.settings().build()).values())
                .containsOnly(second.versionArn());
        assertThat(records().readLive()).hasValueSatisfying(live -> {
            assertThat(live.buildId()).isEqualTo("b1");
            assertThat(live.version()).isEqualTo("1");
        });
        assertThat(records().readDeployment("b2")).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(ReleaseReport.Outcome.ROLLED_BACK);
            assertThat(r.failure()).contains("rollback");
        });
        assertThat(ReleaseLock.holder(edge.clients.s3("us-east-1"), edge.target.primary().bucket())).isEmpty();
    }

    @Test
    void aReRunOfTheLiveReleaseKeepsTheRecordOfTheShiftSoRollbackStillFindsThePreviousVersion() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild second = edge.committedBuild("b2", "two");
        edge.release(second, edge.settings().build());
        ReleaseReport again = edge.release(second, edge.settings().build());
        assertThat(again.outcome()).isEqualTo(ReleaseReport.Outcome.ALREADY_LIVE);

        RollbackReport report = rollback(RollbackRequest.back(edge.target, edge.settings().build()));

        assertThat(report.kind()).isEqualTo(RollbackReport.Kind.ALIAS_RESTORED);
        assertThat(report.toVersion()).isEqualTo("1");
        assertThat(report.toBuildId()).isEqualTo("b1");
    }

    @Test
    void rollbackDuringAShiftStopsTheDeploymentAndWaitsUntilTheAliasIsBackOnThePreviousVersion() throws Exception {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        AtomicReference<Throwable> deploy = new AtomicReference<>();
        Thread deployer = new Thread(() -> {
            try {
                edge.release(b2, edge.settings().build());
            } catch (Throwable e) {
                deploy.set(e);
            }
        });
        // the deployer lets go (as Ctrl-C would: its lock released, the shift going on) at 20 %; the shift holds at
        // 30 % until the rollback has asked CodeDeploy to stop it
        edge.sandbox.codeDeploy().addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 20) {
                    deployer.interrupt();
                }
                if (shift.targetPercent() == 30) {
                    awaitEvent("Stopping deployment");
                }
            }
        });
        deployer.start();
        deployer.join(60_000);
        assertThat(deploy.get()).isInstanceOf(ReleaseFailedException.class);

        RollbackReport report = rollback(RollbackRequest.back(edge.target, edge.settings().build()));

        assertThat(report.kind()).isEqualTo(RollbackReport.Kind.SHIFT_STOPPED);
        assertThat(report.deploymentId()).isNotNull();
        assertThat(report.toVersion()).isEqualTo("1");
        assertThat(report.toBuildId()).isEqualTo("b1");
        assertThat(report.fromBuildId()).isEqualTo("b2");
        assertThat(edge.clients.codeDeploy().getDeployment(r -> r.deploymentId(report.deploymentId()))
                .deploymentInfo().statusAsString()).isEqualTo("Stopped");
        assertThat(edge.sandbox.codeDeploy().trafficHistory(report.deploymentId()))
                .extracting(TrafficShift::targetPercent).doesNotContain(100);
        GetAliasResponse alias = alias();
        assertThat(alias.functionVersion()).isEqualTo("1");
        assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty())
                .isTrue();
        assertThat(records().readDeployment("b2")).hasValueSatisfying(r -> assertThat(r.outcome())
                .isEqualTo(ReleaseReport.Outcome.ROLLED_BACK));
    }

    @Test
    void rollingForwardToAnOlderCommittedBuildReleasesItAgainAllAtOnceWithTheLiveBuildAsBlue() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        edge.release(b2, edge.settings().build());
        int deployments = deployments();

        RollbackReport report = rollback(new RollbackRequest(edge.target, edge.settings().build(), BuildId.of("b1"),
                b2.bundleFile(), ReleaseSandbox.OUTPUT_TIMESTAMP, work.resolve("rollback")));

        assertThat(report.kind()).isEqualTo(RollbackReport.Kind.ROLLED_FORWARD);
        assertThat(report.fromVersion()).isEqualTo("2");
        assertThat(report.toVersion()).isEqualTo("3");
        assertThat(report.distributionUpdated()).isTrue();
        assertThat(edge.clients.lambda().getFunctionConfiguration(r -> r.functionName(ReleaseSandbox.FUNCTION)
                .qualifier("3")).description()).isEqualTo("edge-deploy b1");
        GetAliasResponse alias = alias();
        assertThat(alias.functionVersion()).isEqualTo("3");
        assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights().isEmpty())
                .isTrue();
        assertThat(deployments()).isEqualTo(deployments);
        String v3 = edge.clients.lambda().getFunctionConfiguration(r -> r.functionName(ReleaseSandbox.FUNCTION)
                .qualifier("3")).functionArn();
        assertThat(DistributionAssociation.running(distributionConfig(), edge.settings().build()).values())
                .containsOnly(v3);
        EdgeConfig config = EdgeRelease.packagedConfig(work.resolve("rollback").resolve(
                EdgeRollback.ROLLBACK_BUNDLE_NAME));
        assertThat(config.builds().get("green").buildId()).isEqualTo("b1");
        assertThat(config.builds().get("green").entry().body()).contains("console.log('one')");
        assertThat(config.builds().get("blue").buildId()).isEqualTo("b2");
        assertThat(records().readLive()).hasValueSatisfying(live -> assertThat(live.buildId()).isEqualTo("b1"));

        // and a plain rollback afterwards goes back to the version before the roll-forward
        RollbackReport back = rollback(RollbackRequest.back(edge.target, edge.settings().build()));
        assertThat(back.toVersion()).isEqualTo("2");
        assertThat(back.toBuildId()).isEqualTo("b2");
    }

    @Test
    void rollbackOfTheFirstReleaseIsRefusedNamingTheRollForward() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());

        assertThatThrownBy(() -> rollback(RollbackRequest.back(edge.target, edge.settings().build())))
                .isInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("Nothing to roll back to")
                .hasMessageContaining("-DedgeDeploy.to=");
        assertThat(alias().functionVersion()).isEqualTo("1");
        assertThat(ReleaseLock.holder(edge.clients.s3("us-east-1"), edge.target.primary().bucket())).isEmpty();
    }

    @Test
    void rollbackBeforeAnyReleaseIsRefused() {
        assertThatThrownBy(() -> rollback(RollbackRequest.back(edge.target, edge.settings().build())))
                .isInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void rollingForwardToABuildNotCommittedEverywhereIsRefusedBeforeAnyChange() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        edge.release(b2, edge.settings().build());
        edge.clients.s3("us-east-1").deleteObject(r -> r.bucket(edge.target.primary().bucket())
                .key(BuildLayout.manifestKey(BuildId.of("b1"))));
        String etag = etag();

        assertThatThrownBy(() -> rollback(new RollbackRequest(edge.target, edge.settings().build(),
                BuildId.of("b1"), b2.bundleFile(), ReleaseSandbox.OUTPUT_TIMESTAMP, work.resolve("rollback"))))
                .isInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("not committed in us-east-1");
        assertThat(alias().functionVersion()).isEqualTo("2");
        assertThat(etag()).isEqualTo(etag);
    }

    @Test
    void rollbackIsRefusedWhenCloudFrontDoesNotRunTheAliasVersionWhoseBlueItWouldRelyOn() {
        ReleaseReport first = edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        edge.release(edge.committedBuild("b2", "two"), edge.settings().build());
        // someone pointed the behaviors back at version 1: its containers carry no blue, moving the alias is useless
        new DistributionAssociation(edge.clients.cloudFront(), new ReleaseJournal(edge.listener(),
                java.time.Clock.systemUTC()), java.time.Clock.systemUTC()).point(edge.settings().build(),
                first.versionArn());

        assertThatThrownBy(() -> rollback(RollbackRequest.back(edge.target, edge.settings().build())))
                .isInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("does not run version 2")
                .hasMessageContaining("-DedgeDeploy.to=b1");
        assertThat(alias().functionVersion()).isEqualTo("2");
    }

    @Test
    void rollbackIsRefusedWhileAnotherDeployerHoldsTheLock() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        edge.release(edge.committedBuild("b2", "two"), edge.settings().build());
        LockOwner other = new LockOwner("alice", "ci-runner-7", "b3", Instant.now().toString(), "token-1");
        try (ReleaseLock held = ReleaseLock.acquire(edge.clients.s3("us-east-1"), edge.target.primary().bucket(),
                other, Duration.ofHours(2), false, Instant.now())) {

            assertThatThrownBy(() -> rollback(RollbackRequest.back(edge.target, edge.settings().build())))
                    .isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("alice@ci-runner-7");
            assertThat(alias().functionVersion()).isEqualTo("2");
        }
    }

    private RollbackReport rollback(RollbackRequest request) {
        return new EdgeRollback(edge.clients, EdgeRuntimeFiles.fromClasspath()).rollback(request, edge.listener());
    }

    private GetAliasResponse alias() {
        return edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION).name("live"));
    }

    private String etag() {
        return edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId)).eTag();
    }

    private software.amazon.awssdk.services.cloudfront.model.DistributionConfig distributionConfig() {
        return edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId)).distributionConfig();
    }

    private ReleaseRecords records() {
        return new ReleaseRecords(edge.clients.s3("us-east-1"), edge.target.primary().bucket());
    }

    private int deployments() {
        return edge.clients.codeDeploy().listDeployments(r -> r.applicationName(ReleaseSandbox.FUNCTION)
                .deploymentGroupName(ReleaseSandbox.FUNCTION)).deployments().size();
    }

    private void awaitEvent(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (edge.events.stream().noneMatch(e -> e.message().contains(text)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
