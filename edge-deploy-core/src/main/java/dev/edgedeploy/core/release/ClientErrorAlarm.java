package dev.edgedeploy.core.release;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The alarm on the green build's client errors: the edge's beacon endpoint (edge-runtime {@code client-errors.mjs})
 * adds 1 to {@value #NAMESPACE}/{@value #METRIC_NAME} with dimensions FunctionName and BuildId for every error a
 * viewer's page reports; this alarm (us-east-1, {@code <functionName>-client-errors}) fires when the build being
 * shifted to reaches the threshold within one minute, and CodeDeploy rolls the alias back. Each release points it at
 * its own green build before the deployment starts.
 *
 * @param functionName the edge function (the FunctionName dimension)
 * @param threshold client errors per minute that fire it, at least 1
 */
public record ClientErrorAlarm(String functionName, int threshold) {

    public static final String NAMESPACE = "EdgeDeploy";
    public static final String METRIC_NAME = "ClientErrors";
    static final int PERIOD_SECONDS = 60;

    public ClientErrorAlarm {
        Objects.requireNonNull(functionName, "functionName");
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1: " + threshold);
        }
    }

    public String name() {
        return functionName + "-client-errors";
    }

    /**
     * Points the alarm at {@code greenBuildId}. An alarm already watching that build with this threshold is left as
     * it is (a re-run resuming a shift keeps its state, ALARM included); one that watched another build, or a new
     * one, starts INSUFFICIENT_DATA: whatever it said was about another build.
     *
     * @return whether the alarm was created or changed
     */
    public boolean watch(CloudWatchClient cloudWatch, String greenBuildId) {
        List<Dimension> dimensions = List.of(dimension("FunctionName", functionName),
                dimension("BuildId", greenBuildId));
        Optional<MetricAlarm> existing = cloudWatch.describeAlarms(r -> r.alarmNames(name())).metricAlarms().stream()
                .findFirst();
        if (existing.filter(alarm -> watches(alarm, dimensions)).isPresent()) {
            return false;
        }
        cloudWatch.putMetricAlarm(r -> r.alarmName(name())
                .alarmDescription("edge-deploy: client errors of build " + greenBuildId + " (" + functionName
                        + "), reported by viewers' pages; rolls the shift back")
                .namespace(NAMESPACE).metricName(METRIC_NAME).dimensions(dimensions)
                .statistic(Statistic.SUM).period(PERIOD_SECONDS).unit(StandardUnit.COUNT)
                .evaluationPeriods(1).datapointsToAlarm(1).threshold((double) threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                // no beacon is good news
                .treatMissingData("notBreaching"));
        if (existing.isPresent()) {
            // PutMetricAlarm keeps an existing alarm's state; the previous build's ALARM must not stop this one
            cloudWatch.setAlarmState(r -> r.alarmName(name()).stateValue(StateValue.INSUFFICIENT_DATA)
                    .stateReason("edge-deploy: now watching build " + greenBuildId));
        }
        return true;
    }

    private boolean watches(MetricAlarm alarm, List<Dimension> dimensions) {
        return NAMESPACE.equals(alarm.namespace()) && METRIC_NAME.equals(alarm.metricName())
                && alarm.hasDimensions() && alarm.dimensions().size() == dimensions.size()
                && alarm.dimensions().containsAll(dimensions) && alarm.threshold() != null
                && alarm.threshold() == threshold && Integer.valueOf(PERIOD_SECONDS).equals(alarm.period());
    }

    private static Dimension dimension(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }
}
