package dev.edgedeploy.sandbox.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.sandbox.ScaledClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

class CloudWatchConformanceTest {

    private CloudWatchService service;
    private CloudWatchClient cloudWatch;

    private void start(CloudWatchService.Settings settings) {
        service = CloudWatchService.start(settings);
        cloudWatch = CloudWatchClient.builder()
                .endpointOverride(service.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSANDBOXTEST", "sandbox-test-secret")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    private void startManual() {
        start(CloudWatchService.Settings.defaults().withAutomaticEvaluation(false));
    }

    @AfterEach
    void stop() {
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private static PutMetricAlarmRequest.Builder errorAlarm(String name) {
        return PutMetricAlarmRequest.builder()
                .alarmName(name)
                .namespace("EdgeDeploy")
                .metricName("Errors")
                .dimensions(Dimension.builder().name("Function").value("edge").build())
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void putAlarm(String name, Consumer<PutMetricAlarmRequest.Builder> more) {
        PutMetricAlarmRequest.Builder request = errorAlarm(name);
        more.accept(request);
        cloudWatch.putMetricAlarm(request.build());
    }

    private MetricAlarm describe(String name) {
        List<MetricAlarm> alarms = cloudWatch.describeAlarms(request -> request.alarmNames(name)).metricAlarms();
        assertThat(alarms).hasSize(1);
        return alarms.get(0);
    }

    private void putErrors(double value) {
        cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy").metricData(MetricDatum.builder()
                .metricName("Errors")
                .dimensions(Dimension.builder().name("Function").value("edge").build())
                .value(value)
                .build()));
    }

    @Test
    void describesANewAlarmWithItsConfigurationInInsufficientData() {
        startManual();
        putAlarm("edge-errors", request -> request.datapointsToAlarm(1).treatMissingData("notBreaching"));

        MetricAlarm alarm = describe("edge-errors");

        assertThat(alarm.stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
        assertThat(alarm.alarmArn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-errors");
        assertThat(alarm.statistic()).isEqualTo(Statistic.SUM);
        assertThat(alarm.period()).isEqualTo(60);
        assertThat(alarm.threshold()).isEqualTo(1.0);
        assertThat(alarm.treatMissingData()).isEqualTo("notBreaching");
        assertThat(alarm.dimensions()).containsExactly(Dimension.builder().name("Function").value("edge").build());
        assertThat(alarm.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    @Test
    void filtersAlarmsByNamesPrefixAndState() {
        startManual();
        putAlarm("edge-errors", request -> { });
        putAlarm("edge-latency", request -> { });
        putAlarm("origin-errors", request -> { });
        cloudWatch.setAlarmState(request -> request.alarmName("edge-latency").stateValue(StateValue.ALARM)
                .stateReason("test"));

        assertThat(cloudWatch.describeAlarms(request -> request.alarmNamePrefix("edge-")).metricAlarms())
                .extracting(MetricAlarm::alarmName).containsExactly("edge-errors", "edge-latency");
        assertThat(cloudWatch.describeAlarms(request -> request.alarmNames("origin-errors", "missing"))
                .metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("origin-errors");
        assertThat(cloudWatch.describeAlarms(request -> request.stateValue(StateValue.ALARM)).metricAlarms())
                .extracting(MetricAlarm::alarmName).containsExactly("edge-latency");
        assertThatThrownBy(() -> cloudWatch.describeAlarms(request -> request.alarmNames("a").alarmNamePrefix("b")))
                .isInstanceOf(InvalidParameterCombinationException.class);
    }

    @Test
    void paginatesDescribeAlarms() {
        startManual();
        IntStream.range(0, 7).forEach(i -> putAlarm("alarm-" + i, request -> { }));

        List<String> names = new ArrayList<>();
        cloudWatch.describeAlarmsPaginator(request -> request.maxRecords(3))
                .forEach(page -> page.metricAlarms().forEach(alarm -> names.add(alarm.alarmName())));

        assertThat(names).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void setAlarmStateHoldsUntilTheNextEvaluation() {
        startManual();
        putAlarm("edge-errors", request -> { });

        cloudWatch.setAlarmState(request -> request.alarmName("edge-errors").stateValue(StateValue.ALARM)
                .stateReason("testing the rollback"));
        assertThat(describe("edge-errors").stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(describe("edge-errors").stateReason()).isEqualTo("testing the rollback");

        service.evaluateAlarms();
        assertThat(describe("edge-errors").stateValue()).isEqualTo(StateValue.INSUFFICIENT_DATA);
    }

    @Test
    void setAlarmStateRefusesUnknownAlarmsAndInvalidReasonData() {
        startManual();
        putAlarm("edge-errors", request -> { });

        assertThatThrownBy(() -> cloudWatch.setAlarmState(request -> request.alarmName("nope")
                .stateValue(StateValue.ALARM).stateReason("x")))
                // the model gives code ResourceNotFound to two shapes; the SDK raises the dashboard one, for AWS too
                .isInstanceOf(CloudWatchException.class)
                .satisfies(e -> {
                    CloudWatchException error = (CloudWatchException) e;
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                });
        assertThatThrownBy(() -> cloudWatch.setAlarmState(request -> request.alarmName("edge-errors")
                .stateValue(StateValue.ALARM).stateReason("x").stateReasonData("{not json")))
                .isInstanceOf(software.amazon.awssdk.services.cloudwatch.model.InvalidFormatException.class);
    }

    @Test
    void aBreachingDatapointDrivesTheAlarmToAlarmAndAGoodOneBackToOk() {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-11-24T13:00:05Z"));
        start(CloudWatchService.Settings.defaults().withAutomaticEvaluation(false).withClock(clock));
        putAlarm("edge-errors", request -> { });

        putErrors(3);
        service.evaluateAlarms();
        MetricAlarm alarm = describe("edge-errors");
        assertThat(alarm.stateValue()).isEqualTo(StateValue.ALARM);
        assertThat(alarm.stateReason()).startsWith("Threshold Crossed: 1 out of the last 1 datapoints [3.0");

        clock.advance(Duration.ofMinutes(1));
        putErrors(0);
        service.evaluateAlarms();
        assertThat(describe("edge-errors").stateValue()).isEqualTo(StateValue.OK);
        assertThat(describe("edge-errors").stateReason()).contains("was not greater than or equal to");
    }

    @Test
    void statisticsAggregateEveryDatapointOfThePeriod() {
        startManual();
        putAlarm("sum", request -> request.threshold(5.0));
        putAlarm("max", request -> request.statistic(Statistic.MAXIMUM).threshold(3.0));
        putAlarm("p90", request -> request.statistic((Statistic) null).extendedStatistic("p90").threshold(10.0));

        putErrors(2);
        putErrors(2);
        service.evaluateAlarms();
        assertThat(service.alarmState("sum")).isEqualTo("OK");
        assertThat(service.alarmState("max")).isEqualTo("OK");
        assertThat(service.alarmState("p90")).isEqualTo("OK");

        putErrors(2);
        cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy").metricData(MetricDatum.builder()
                .metricName("Errors")
                .dimensions(Dimension.builder().name("Function").value("edge").build())
                .values(1.0, 50.0).counts(8.0, 2.0)
                .build()));
        service.evaluateAlarms();
        assertThat(service.alarmState("sum")).isEqualTo("ALARM");
        assertThat(service.alarmState("max")).isEqualTo("ALARM");
        assertThat(service.alarmState("p90")).isEqualTo("ALARM");
    }

    @Test
    void datapointsOfOtherDimensionsDoNotCount() {
        startManual();
        putAlarm("edge-errors", request -> { });

        cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy").metricData(MetricDatum.builder()
                .metricName("Errors")
                .dimensions(Dimension.builder().name("Function").value("other").build())
                .value(100.0)
                .build()));
        service.evaluateAlarms();

        assertThat(service.alarmState("edge-errors")).isEqualTo("INSUFFICIENT_DATA");
    }

    @Test
    void missingDataIsTreatedAsConfigured() {
        startManual();
        putAlarm("breaching", request -> request.treatMissingData("breaching"));
        putAlarm("not-breaching", request -> request.treatMissingData("notBreaching"));
        putAlarm("ignore", request -> request.treatMissingData("ignore"));
        putAlarm("missing", request -> request.treatMissingData("missing"));

        service.evaluateAlarms();

        assertThat(service.alarmState("breaching")).isEqualTo("ALARM");
        assertThat(service.alarmState("not-breaching")).isEqualTo("OK");
        assertThat(service.alarmState("ignore")).isEqualTo("INSUFFICIENT_DATA");
        assertThat(service.alarmState("missing")).isEqualTo("INSUFFICIENT_DATA");
    }

    @Test
    void alarmsEvaluateOnTheClockWithoutBeingAsked() throws InterruptedException {
        // a CodeDeploy-speed clock, and a window wide enough (10 periods, 1 to alarm) that a busy machine cannot
        // let the datapoint age out of it before the scheduler's first evaluation
        ScaledClock clock = ScaledClock.startingNow(60);
        start(CloudWatchService.Settings.defaults().withClock(clock));
        putAlarm("edge-errors", request -> request.evaluationPeriods(10).datapointsToAlarm(1));
        putErrors(5);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!service.alarmState("edge-errors").equals("ALARM") && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }

        assertThat(describe("edge-errors").stateValue()).isEqualTo(StateValue.ALARM);
    }

    @Test
    void rejectsAlarmsAwsRejects() {
        startManual();

        assertValidationError(request -> request.evaluationPeriods(2).datapointsToAlarm(3),
                "DatapointsToAlarm must be less than or equal to EvaluationPeriods");
        assertValidationError(request -> request.period(45), "Period must be 10, 20, 30 or a multiple of 60");
        assertValidationError(request -> request.evaluationPeriods(0), "evaluationPeriods");
        assertValidationError(request -> request.comparisonOperator("GreaterThanOrEqual"), "comparisonOperator");
        assertValidationError(request -> request.treatMissingData("sometimes"), "TreatMissingData");
        assertValidationError(request -> request.alarmName(""), "alarmName");
        assertValidationError(request -> request.dimensions(IntStream.range(0, 31)
                .mapToObj(i -> Dimension.builder().name("d" + i).value("v").build()).toList()), "dimensions");
        assertValidationError(request -> request.period(60).evaluationPeriods(1441), "evaluation range");
        assertThatThrownBy(() -> putAlarm("both", request -> request.extendedStatistic("p99")))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> putAlarm("neither", request -> request.statistic((Statistic) null)))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThat(cloudWatch.describeAlarms().metricAlarms()).isEmpty();
    }

    @Test
    void acceptsHighResolutionPeriods() {
        startManual();
        putAlarm("ten", request -> request.period(10));
        putAlarm("thirty", request -> request.period(30));
        putAlarm("five-minutes", request -> request.period(300));

        assertThat(cloudWatch.describeAlarms().metricAlarms()).hasSize(3);
    }

    @Test
    void rejectsMetricDataAwsRejects() {
        startManual();

        assertThatThrownBy(() -> cloudWatch.putMetricData(request -> request.namespace("AWS/Lambda")
                .metricData(MetricDatum.builder().metricName("Errors").value(1.0).build())))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy")
                .metricData(MetricDatum.builder().metricName("Errors").value(1.0)
                        .statisticValues(values -> values.sampleCount(1.0).sum(1.0).minimum(1.0).maximum(1.0))
                        .build())))
                .isInstanceOf(InvalidParameterCombinationException.class);
        assertThatThrownBy(() -> cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy")
                .metricData(MetricDatum.builder().metricName("Errors").values(1.0, 2.0).counts(1.0).build())))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThatThrownBy(() -> cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy")
                .metricData(MetricDatum.builder().metricName("Errors").value(1.0)
                        .timestamp(Instant.now().plus(Duration.ofHours(3))).build())))
                .isInstanceOf(InvalidParameterValueException.class);
        List<MetricDatum> tooMany = IntStream.range(0, 1001)
                .mapToObj(i -> MetricDatum.builder().metricName("m" + i).value(1.0).build()).toList();
        assertThatThrownBy(() -> cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy")
                .metricData(tooMany)))
                .isInstanceOf(CloudWatchException.class)
                .satisfies(e -> assertThat(((CloudWatchException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
    }

    @Test
    void acceptsAThousandDatumsInOneCall() {
        startManual();
        List<MetricDatum> data = IntStream.range(0, 1000)
                .mapToObj(i -> MetricDatum.builder().metricName("m" + i).value((double) i).build()).toList();

        cloudWatch.putMetricData(request -> request.namespace("EdgeDeploy").metricData(data));
    }

    @Test
    void describeAlarmsFailsWhileTheTestSaysSo() {
        startManual();
        putAlarm("edge-errors", request -> { });

        service.failDescribeAlarms(AlarmReadFailure.ACCESS_DENIED);
        assertThatThrownBy(() -> cloudWatch.describeAlarms(request -> request.alarmNames("edge-errors")))
                .isInstanceOf(CloudWatchException.class)
                .satisfies(e -> {
                    CloudWatchException error = (CloudWatchException) e;
                    assertThat(error.statusCode()).isEqualTo(403);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });

        service.restoreDescribeAlarms();
        assertThat(describe("edge-errors").alarmName()).isEqualTo("edge-errors");
    }

    private void assertValidationError(Consumer<PutMetricAlarmRequest.Builder> change, String messagePart) {
        assertThatThrownBy(() -> putAlarm("invalid", change))
                .isInstanceOf(CloudWatchException.class)
                .satisfies(e -> {
                    CloudWatchException error = (CloudWatchException) e;
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(error.awsErrorDetails().errorMessage()).contains(messagePart);
                });
    }

    @Test
    void anAlarmNeedsDatapointsToAlarmBreachingPeriodsOutOfEvaluationPeriods() {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-11-24T13:00:05Z"));
        start(CloudWatchService.Settings.defaults().withAutomaticEvaluation(false).withClock(clock));
        putAlarm("two-of-three", request -> request.evaluationPeriods(3).datapointsToAlarm(2));

        putErrors(5);
        clock.advance(Duration.ofMinutes(1));
        putErrors(0);
        service.evaluateAlarms();
        assertThat(service.alarmState("two-of-three")).isEqualTo("OK");

        clock.advance(Duration.ofMinutes(1));
        putErrors(7);
        service.evaluateAlarms();
        assertThat(service.alarmState("two-of-three")).isEqualTo("ALARM");
        assertThat(describe("two-of-three").stateReason()).startsWith("Threshold Crossed: 2 out of the last 3");
    }

    @Test
    void filtersAlarmsByActionPrefix() {
        startManual();
        putAlarm("paging", request -> request.alarmActions("arn:aws:sns:us-east-1:123456789012:pager"));
        putAlarm("quiet", request -> { });

        assertThat(cloudWatch.describeAlarms(request -> request.actionPrefix("arn:aws:sns:us-east-1:123456789012:p"))
                .metricAlarms()).extracting(MetricAlarm::alarmName).containsExactly("paging");
    }

    @Test
    void refusesUnsignedRequests() throws Exception {
        startManual();
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(service.endpoint())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "Action=DescribeAlarms&Version=2010-08-01")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>MissingAuthenticationToken</Code>");
    }
}
