package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgedeploy.core.bundle.EdgeConfig;
import dev.edgedeploy.core.packaging.PackagedBuild;
import dev.edgedeploy.sandbox.codedeploy.DeploymentListener;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.LambdaFunctionAssociation;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;

/** Releases against the sandbox edge with the core's real SDK clients: publish, point CloudFront, shift, roll back. */
class EdgeReleaseTest {

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
    void firstReleaseCreatesTheFunctionAVersionAndTheAliasAndPointsBothBehaviorsAtTheVersion() throws Exception {
        PackagedBuild b1 = edge.committedBuild("b1", "one");

        ReleaseReport report = edge.release(b1, edge.settings().build());

        assertThat(report.outcome()).isEqualTo(ReleaseReport.Outcome.CREATED);
        assertThat(report.version()).isEqualTo("1");
        assertThat(report.published()).isTrue();
        assertThat(report.deploymentId()).isNull();
        GetAliasResponse alias = edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION)
                .name("live"));
        assertThat(alias.functionVersion()).isEqualTo("1");
        assertThat(edge.clients.lambda().getFunctionConfiguration(r -> r.functionName(ReleaseSandbox.FUNCTION)
                .qualifier("1")).description()).isEqualTo("edge-deploy b1");
        assertThat(originRequestArns()).containsExactly(
                "/assets/index.js", report.versionArn(), "/assets/*", report.versionArn(), "default", "none");
        assertThat(edge.clients.cloudFront().getDistribution(r -> r.id(edge.distributionId)).distribution().status())
                .isEqualTo("Deployed");
        EdgeConfig config = EdgeRelease.packagedConfig(b1.directory().resolve(EdgeRelease.RELEASE_BUNDLE_NAME));
        assertThat(config.schemaVersion()).isEqualTo(2);
        assertThat(config.builds()).containsOnlyKeys("green");
        assertThat(config.release().functionName()).isEqualTo(ReleaseSandbox.FUNCTION);
        JsonNode record = new ObjectMapper().readTree(Files.readAllBytes(
                work.resolve("target/edge-deploy/deployment.json")));
        assertThat(record.at("/release/outcome").asText()).isEqualTo("CREATED");
        assertThat(record.at("/release/steps").size()).isGreaterThan(3);
        ReleaseRecords records = new ReleaseRecords(edge.clients.s3("us-east-1"), edge.target.primary().bucket());
        assertThat(records.readLive()).hasValueSatisfying(live -> assertThat(live.version()).isEqualTo("1"));
        assertThat(records.readDeployment("b1")).hasValueSatisfying(r -> assertThat(r.versionArn())
                .isEqualTo(report.versionArn()));
        assertThat(ReleaseLock.holder(edge.clients.s3("us-east-1"), edge.target.primary().bucket())).isEmpty();
    }

    @Test
    void secondReleaseShiftsTheAliasTenPercentAtATimeAndEndsOnTheNewVersionCarryingTheOldBuildAsBlue() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");

        ReleaseReport report = edge.release(b2, edge.settings().build());

        assertThat(report.outcome()).isEqualTo(ReleaseReport.Outcome.SHIFTED);
        assertThat(report.previousVersion()).isEqualTo("1");
        assertThat(report.version()).isEqualTo("2");
        assertThat(report.blueBuildId()).isEqualTo("b1");
        List<TrafficShift> history = edge.sandbox.codeDeploy().trafficHistory(report.deploymentId());
        assertThat(history).extracting(TrafficShift::targetPercent)
                .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(history).noneMatch(TrafficShift::rollback);
        assertThat(edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION).name("live"))
                .functionVersion()).isEqualTo("2");
        assertThat(originRequestArns()).contains(report.versionArn());
        EdgeConfig config = EdgeRelease.packagedConfig(b2.directory().resolve(EdgeRelease.RELEASE_BUNDLE_NAME));
        assertThat(config.builds().get("green").buildId()).isEqualTo("b2");
        assertThat(config.builds().get("blue").buildId()).isEqualTo("b1");
        assertThat(config.builds().get("blue").entry().body()).contains("console.log('one')");
        assertThat(report.steps()).extracting(ReleaseStep::detail)
                .anySatisfy(step -> assertThat(step).contains("50 % on version 2"));
    }

    @Test
    void anAlarmMidShiftFailsTheReleaseNamingTheAlarmWithTheAliasBackOnTheOldVersion() {
        edge.sandbox.cloudWatch().automaticEvaluation(false);
        edge.clients.cloudWatch().putMetricAlarm(r -> r.alarmName("widget-errors").namespace("Widget")
                .metricName("Errors").statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors").stateValue(StateValue.OK)
                .stateReason("test"));
        ReleaseSettings settings = edge.settings().alarms(List.of("widget-errors")).build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        AtomicBoolean fired = new AtomicBoolean();
        edge.sandbox.codeDeploy().addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 30 && fired.compareAndSet(false, true)) {
                    edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors")
                            .stateValue(StateValue.ALARM).stateReason("errors at 30 %"));
                }
            }
        });

        assertThatThrownBy(() -> edge.release(b2, settings))
                .isInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("alarm widget-errors")
                .hasMessageContaining("back on version 1")
                .satisfies(e -> {
                    ReleaseReport report = ((ReleaseFailedException) e).report().orElseThrow();
                    assertThat(report.outcome()).isEqualTo(ReleaseReport.Outcome.ROLLED_BACK);
                    assertThat(e.getMessage()).contains(report.deploymentId());
                    assertThat(edge.sandbox.codeDeploy().trafficHistory(report.deploymentId()))
                            .extracting(TrafficShift::targetPercent).startsWith(10, 20, 30).doesNotContain(100);
                });
        assertThat(edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION).name("live")))
                .satisfies(alias -> {
                    assertThat(alias.functionVersion()).isEqualTo("1");
                    assertThat(alias.routingConfig() == null || alias.routingConfig().additionalVersionWeights()
                            .isEmpty()).isTrue();
                });
        assertThat(ReleaseLock.holder(edge.clients.s3("us-east-1"), edge.target.primary().bucket())).isEmpty();
    }

    @Test
    void reRunningTheSameReleasePublishesNothingUpdatesNoDistributionAndCreatesNoDeployment() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        edge.release(b2, edge.settings().build());
        int versions = edge.clients.lambda().listVersionsByFunction(r -> r.functionName(ReleaseSandbox.FUNCTION))
                .versions().size();
        String etag = edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId)).eTag();
        int deployments = deployments();

        ReleaseReport again = edge.release(b2, edge.settings().build());

        assertThat(again.outcome()).isEqualTo(ReleaseReport.Outcome.ALREADY_LIVE);
        assertThat(again.published()).isFalse();
        assertThat(again.distributionUpdated()).isFalse();
        assertThat(edge.clients.lambda().listVersionsByFunction(r -> r.functionName(ReleaseSandbox.FUNCTION))
                .versions()).hasSize(versions);
        assertThat(edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId)).eTag())
                .isEqualTo(etag);
        assertThat(deployments()).isEqualTo(deployments);
    }

    @Test
    void reRunningAfterARollbackReusesThePublishedVersionAndShiftsAgain() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        // a stop request plays the alarm's part: the first attempt ends rolled back
        edge.sandbox.codeDeploy().addListener(new DeploymentListener() {
            private final AtomicBoolean stopped = new AtomicBoolean();

            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 20 && stopped.compareAndSet(false, true)) {
                    edge.clients.codeDeploy().stopDeployment(r -> r.deploymentId(shift.deploymentId())
                            .autoRollbackEnabled(true));
                }
            }
        });
        assertThatThrownBy(() -> edge.release(b2, edge.settings().build())).isInstanceOf(ReleaseFailedException.class)
                .hasMessageContaining("stop request");
        int versions = edge.clients.lambda().listVersionsByFunction(r -> r.functionName(ReleaseSandbox.FUNCTION))
                .versions().size();

        ReleaseReport retry = edge.release(b2, edge.settings().build());

        assertThat(retry.outcome()).isEqualTo(ReleaseReport.Outcome.SHIFTED);
        assertThat(retry.published()).isFalse();
        assertThat(retry.distributionUpdated()).isFalse();
        assertThat(edge.clients.lambda().listVersionsByFunction(r -> r.functionName(ReleaseSandbox.FUNCTION))
                .versions()).hasSize(versions);
        assertThat(edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION).name("live"))
                .functionVersion()).isEqualTo(retry.version());
    }

    @Test
    void aDeployStoppedWhileWatchingIsResumedByTheNextRunWithoutASecondDeployment() throws Exception {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        PackagedBuild b2 = edge.committedBuild("b2", "two");
        java.util.concurrent.atomic.AtomicReference<Throwable> firstRun = new java.util.concurrent.atomic.AtomicReference<>();
        Thread deployer = new Thread(() -> {
            try {
                edge.release(b2, edge.settings().build());
            } catch (Throwable e) {
                firstRun.set(e);
            }
        });
        // the first deploy is stopped (interrupted, as Ctrl-C stops Maven) once the shift is under way
        edge.sandbox.codeDeploy().addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 20) {
                    deployer.interrupt();
                }
                if (shift.targetPercent() == 30) {
                    // hold the shift until the next run has picked it up, so it cannot end unseen
                    awaitEvent("Resuming deployment");
                }
            }
        });
        deployer.start();
        deployer.join(60_000);
        assertThat(firstRun.get()).isInstanceOf(ReleaseFailedException.class).hasMessageContaining("interrupted");
        int versions = edge.clients.lambda().listVersionsByFunction(r -> r.functionName(ReleaseSandbox.FUNCTION))
                .versions().size();

        ReleaseReport resumed = edge.release(b2, edge.settings().build());

        assertThat(resumed.outcome()).isEqualTo(ReleaseReport.Outcome.SHIFTED);
        assertThat(resumed.published()).isFalse();
        assertThat(deployments()).isEqualTo(1);
        assertThat(resumed.steps()).extracting(ReleaseStep::detail)
                .anySatisfy(d -> assertThat(d).contains("Resuming deployment " + resumed.deploymentId()));
        assertThat(edge.clients.lambda().listVersionsByFunction(r -> r.functionName(ReleaseSandbox.FUNCTION))
                .versions()).hasSize(versions);
        assertThat(edge.clients.lambda().getAlias(r -> r.functionName(ReleaseSandbox.FUNCTION).name("live"))
                .functionVersion()).isEqualTo("2");
    }

    @Test
    void aSecondDeployerIsRefusedNamingTheFirstLockHolder() {
        PackagedBuild b1 = edge.committedBuild("b1", "one");
        LockOwner first = new LockOwner("alice", "ci-runner-7", "b0", Instant.now().toString(), "token-1");
        try (ReleaseLock held = ReleaseLock.acquire(edge.clients.s3("us-east-1"), edge.target.primary().bucket(),
                first, java.time.Duration.ofHours(2), false, Instant.now())) {

            assertThatThrownBy(() -> edge.release(b1, edge.settings().build()))
                    .isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("alice@ci-runner-7")
                    .hasMessageContaining("build b0")
                    .hasMessageContaining("breakStaleLock");
            assertThat(ReleaseLock.holder(edge.clients.s3("us-east-1"), edge.target.primary().bucket()))
                    .hasValue(first);
        }
        assertThatThrownBy(() -> edge.clients.lambda().getFunction(r -> r.functionName(ReleaseSandbox.FUNCTION)))
                .isInstanceOf(software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class);
    }

    @Test
    void aStaleLockIsBrokenOnlyWhenAskedAndOnlyOnceOldEnough() {
        PackagedBuild b1 = edge.committedBuild("b1", "one");
        LockOwner killed = new LockOwner("bob", "laptop", "b0", Instant.now().minusSeconds(3 * 3600).toString(),
                "token-2");
        ReleaseLock.acquire(edge.clients.s3("us-east-1"), edge.target.primary().bucket(), killed,
                java.time.Duration.ofHours(2), false, Instant.now());

        assertThatThrownBy(() -> edge.release(b1, edge.settings().build())).hasMessageContaining("bob@laptop");

        ReleaseReport report = edge.release(b1, edge.settings().breakStaleLock(true).build());
        assertThat(report.outcome()).isEqualTo(ReleaseReport.Outcome.CREATED);
    }

    @Test
    void aCustomCanaryScheduleIsCreatedInCodeDeployAndShiftsInTwoSteps() {
        ReleaseSettings settings = edge.settings().schedule(ShiftSchedule.canary(25, 1)).build();
        edge.release(edge.committedBuild("b1", "one"), settings);

        ReleaseReport report = edge.release(edge.committedBuild("b2", "two"), settings);

        assertThat(edge.clients.codeDeploy().getDeploymentConfig(r -> r.deploymentConfigName(
                "edge-deploy.Canary25Percent1Minutes")).deploymentConfigInfo().trafficRoutingConfig().timeBasedCanary()
                .canaryPercentage()).isEqualTo(25);
        assertThat(edge.sandbox.codeDeploy().trafficHistory(report.deploymentId()))
                .extracting(TrafficShift::targetPercent).containsExactly(25, 100);
    }

    @Test
    void overridingAlarmsShipsWhileAnAlarmFiresAndSaysSoLoudly() {
        edge.sandbox.cloudWatch().automaticEvaluation(false);
        edge.clients.cloudWatch().putMetricAlarm(r -> r.alarmName("widget-errors").namespace("Widget")
                .metricName("Errors").statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors").stateValue(StateValue.OK)
                .stateReason("test"));
        ReleaseSettings guarded = edge.settings().alarms(List.of("widget-errors")).build();
        edge.release(edge.committedBuild("b1", "one"), guarded);
        edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors").stateValue(StateValue.ALARM)
                .stateReason("the bug the fix is for"));
        PackagedBuild fix = edge.committedBuild("b2", "fix");

        ReleaseReport report = edge.release(fix, guarded.toBuilder().overrideAlarms(true).build());

        assertThat(report.outcome()).isEqualTo(ReleaseReport.Outcome.SHIFTED);
        assertThat(edge.events).filteredOn(e -> e.level() == dev.edgedeploy.core.event.DeployEvent.Level.WARN)
                .extracting(dev.edgedeploy.core.event.DeployEvent::message)
                .anySatisfy(m -> assertThat(m).contains("ALARMS OVERRIDDEN").contains("widget-errors"));
        // the group keeps its alarms for the next deployment
        assertThat(edge.clients.codeDeploy().getDeploymentGroup(r -> r.applicationName(ReleaseSandbox.FUNCTION)
                .deploymentGroupName(ReleaseSandbox.FUNCTION)).deploymentGroupInfo().alarmConfiguration().enabled())
                .isTrue();
    }

    private void awaitEvent(String text) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (edge.events.stream().noneMatch(e -> e.message().contains(text)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int deployments() {
        return edge.clients.codeDeploy().listDeployments(r -> r.applicationName(ReleaseSandbox.FUNCTION)
                .deploymentGroupName(ReleaseSandbox.FUNCTION)).deployments().size();
    }

    /** Path pattern, then its origin-request ARN ("none"), for the entry, asset and default behaviors. */
    private List<String> originRequestArns() {
        DistributionConfig config = edge.clients.cloudFront().getDistributionConfig(r -> r.id(edge.distributionId))
                .distributionConfig();
        List<String> result = new java.util.ArrayList<>();
        for (CacheBehavior behavior : config.cacheBehaviors().items()) {
            result.add(behavior.pathPattern());
            result.add(originRequest(behavior.lambdaFunctionAssociations().items()));
        }
        result.add("default");
        result.add(originRequest(config.defaultCacheBehavior().lambdaFunctionAssociations().items()));
        return result;
    }

    private static String originRequest(List<LambdaFunctionAssociation> associations) {
        return associations.stream().filter(a -> a.eventTypeAsString().equals("origin-request"))
                .map(LambdaFunctionAssociation::lambdaFunctionARN).findFirst().orElse("none");
    }
}
