package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.sandbox.codedeploy.DeploymentListener;
import dev.edgedeploy.sandbox.codedeploy.TrafficShift;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** {@code status} read against the sandbox edge: during a shift, after it, and its JSON form. */
class EdgeStatusTest {

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
    void duringAShiftStatusShowsTheWeightsTheDeploymentItsAlarmsAndWhatCloudFrontRuns() {
        edge.sandbox.cloudWatch().automaticEvaluation(false);
        edge.clients.cloudWatch().putMetricAlarm(r -> r.alarmName("widget-errors").namespace("Widget")
                .metricName("Errors").statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        edge.clients.cloudWatch().setAlarmState(r -> r.alarmName("widget-errors").stateValue(StateValue.OK)
                .stateReason("test"));
        ReleaseSettings settings = edge.settings().alarms(List.of("widget-errors")).build();
        edge.release(edge.committedBuild("b1", "one"), settings);
        AtomicReference<StatusReport> during = new AtomicReference<>();
        edge.sandbox.codeDeploy().addListener(new DeploymentListener() {
            @Override
            public void trafficShifted(TrafficShift shift) {
                if (shift.targetPercent() == 30 && during.get() == null) {
                    during.set(EdgeStatus.read(edge.clients, settings, edge.target));
                }
            }
        });

        ReleaseReport second = edge.release(edge.committedBuild("b2", "two"), settings);

        StatusReport status = during.get();
        assertThat(status.alias()).isEqualTo(new StatusReport.Alias("1", "b1", "2", "b2", 0.3));
        assertThat(status.deployment().id()).isEqualTo(second.deploymentId());
        assertThat(status.deployment().status()).isEqualTo("InProgress");
        assertThat(status.deployment().targetVersion()).isEqualTo("2");
        assertThat(status.deployment().percentOnTarget()).isEqualTo(30);
        assertThat(status.deployment().alarms()).as("the configured alarm and the new build's client error alarm")
                .isEqualTo(Map.of("widget-errors", "OK", "edge-widget-client-errors", "INSUFFICIENT_DATA"));
        assertThat(status.distribution().behaviors()).containsExactly(
                new StatusReport.Behavior("/assets/index.js", second.versionArn()),
                new StatusReport.Behavior("/assets/*", second.versionArn()));
        assertThat(status.distribution().status()).isEqualTo("Deployed");
        assertThat(status.commits()).extracting(StatusReport.BuildCommit::buildId, StatusReport.BuildCommit::role,
                StatusReport.BuildCommit::committedEverywhere)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b1", "live", true),
                        org.assertj.core.groups.Tuple.tuple("b2", "shifting", true));
        assertThat(status.lines()).anySatisfy(line -> assertThat(line).contains("70 % version 1")
                .contains("30 % version 2 (build b2)"));
        assertThat(status.lines()).anySatisfy(line -> assertThat(line).contains("widget-errors: OK"));
        assertThat(StatusReport.fromJson(status.toJson())).isEqualTo(status);
    }

    @Test
    void afterAShiftStatusShowsTheLiveBuildNoDeploymentAndWhereLiveAndBlueAreCommitted() {
        edge.release(edge.committedBuild("b1", "one"), edge.settings().build());
        ReleaseReport second = edge.release(edge.committedBuild("b2", "two"), edge.settings().build());
        edge.clients.s3("us-east-1").deleteObject(r -> r.bucket(edge.target.primary().bucket())
                .key(BuildLayout.manifestKey(BuildId.of("b1"))));

        StatusReport status = EdgeStatus.read(edge.clients, edge.settings().build(), edge.target);

        assertThat(status.alias()).isEqualTo(new StatusReport.Alias("2", "b2", null, null, 0));
        assertThat(status.deployment()).isNull();
        assertThat(status.live().buildId()).isEqualTo("b2");
        assertThat(status.live().deploymentId()).isEqualTo(second.deploymentId());
        assertThat(status.commits()).extracting(StatusReport.BuildCommit::buildId, StatusReport.BuildCommit::role,
                StatusReport.BuildCommit::committedEverywhere)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b2", "live", true),
                        org.assertj.core.groups.Tuple.tuple("b1", "blue", false));
        assertThat(status.lines()).contains(String.format("%-20s %s", "Deployment", "none in progress"))
                .anySatisfy(line -> assertThat(line).contains("Build b1").contains("us-east-1 MISSING"));
        String json = status.toJson();
        assertThat(json).contains("\"committed\" : false").contains("\"deployment\" : null")
                .doesNotContain("committedEverywhere");
        assertThat(StatusReport.fromJson(json)).isEqualTo(status);
    }

    @Test
    void beforeAnyReleaseStatusSaysThereIsNoAlias() {
        StatusReport status = EdgeStatus.read(edge.clients, edge.settings().build(), edge.target);

        assertThat(status.alias()).isNull();
        assertThat(status.live()).isNull();
        assertThat(status.deployment()).isNull();
        assertThat(status.commits()).isEmpty();
        assertThat(status.distribution().behaviors()).extracting(StatusReport.Behavior::versionArn)
                .containsOnlyNulls();
        assertThat(status.lines().get(0)).contains("does not exist");
        assertThat(StatusReport.fromJson(status.toJson())).isEqualTo(status);
    }
}
