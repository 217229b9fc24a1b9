package dev.edgedeploy.sandbox.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** Alarms, their state and the datapoints they evaluate survive a restart of the sandbox CloudWatch. */
class CloudWatchStateRestartTest {

    @TempDir
    Path state;

    @Test
    void anAlarmKeepsItsStateAndEvaluatesTheDatapointsPublishedBeforeTheRestart() {
        MetricAlarm before;
        try (CloudWatchService first = start(); CloudWatchClient client = client(first)) {
            client.putMetricAlarm(r -> r.alarmName("edge-errors").namespace("EdgeDeploy").metricName("Errors")
                    .statistic(Statistic.SUM).period(60).evaluationPeriods(1).threshold(0.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching"));
            client.putMetricData(r -> r.namespace("EdgeDeploy").metricData(d -> d.metricName("Errors").value(3.0)
                    .timestamp(Instant.now())));
            first.evaluateAlarms();
            before = client.describeAlarms(r -> r.alarmNames("edge-errors")).metricAlarms().get(0);
            assertThat(before.stateValue()).isEqualTo(StateValue.ALARM);
        }

        try (CloudWatchService second = start(); CloudWatchClient client = client(second)) {
            MetricAlarm after = client.describeAlarms(r -> r.alarmNames("edge-errors")).metricAlarms().get(0);
            assertThat(after).isEqualTo(before);
            // the datapoint survived too: without it a notBreaching alarm would turn OK
            second.evaluateAlarms();
            assertThat(second.alarmState("edge-errors")).isEqualTo("ALARM");
            assertThat(second.stateDump().path("metrics").get(0).path("samples")).hasSize(1);

            client.deleteAlarms(r -> r.alarmNames("edge-errors"));
        }

        try (CloudWatchService third = start(); CloudWatchClient client = client(third)) {
            assertThat(client.describeAlarms(r -> r.alarmNames("edge-errors")).metricAlarms()).isEmpty();
        }
    }

    @Test
    void datapointsNoAlarmCanLookAtAnyMoreAreNotKept() {
        try (CloudWatchService service = start(); CloudWatchClient client = client(service)) {
            client.putMetricData(r -> r.namespace("EdgeDeploy").metricData(
                    d -> d.metricName("Errors").value(1.0).timestamp(Instant.now().minusSeconds(2 * 86_400)),
                    d -> d.metricName("Errors").value(2.0).timestamp(Instant.now())));
            assertThat(service.stateDump().path("metrics").get(0).path("samples")).hasSize(1);
        }
    }

    @Test
    void aStateOfAnotherRegionIsRefusedNamingTheFix() {
        try (CloudWatchService first = start(); CloudWatchClient client = client(first)) {
            client.putMetricAlarm(r -> r.alarmName("a").namespace("N").metricName("M").statistic(Statistic.SUM)
                    .period(60).evaluationPeriods(1).threshold(1.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        }
        assertThatThrownBy(() -> CloudWatchService.start(CloudWatchService.Settings.defaults().withRegion("eu-west-1")
                .withStateDirectory(state).withAutomaticEvaluation(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cloudwatch-state.json").hasMessageContaining("delete");
    }

    private CloudWatchService start() {
        return CloudWatchService.start(CloudWatchService.Settings.defaults().withStateDirectory(state)
                .withAutomaticEvaluation(false));
    }

    private static CloudWatchClient client(CloudWatchService service) {
        return CloudWatchClient.builder().endpointOverride(service.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSANDBOXTEST", "sandbox-test-secret")))
                .httpClient(ApacheHttpClient.create()).build();
    }
}
