package dev.edgedeploy.sandbox.cloudwatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A metric alarm's configuration as PutMetricAlarm accepts it, validated as CloudWatch validates it
 * (API_PutMetricAlarm: member constraints as {@code ValidationError}; Statistic XOR ExtendedStatistic as
 * {@code InvalidParameterCombination}; "Period must be 10, 20, 30 or a multiple of 60"; "DatapointsToAlarm must
 * be less than or equal to EvaluationPeriods"; an evaluation range of at most one day, seven days for periods of an
 * hour or more).
 */
record AlarmDefinition(String name, String description, boolean actionsEnabled, List<String> okActions,
        List<String> alarmActions, List<String> insufficientDataActions, String namespace, String metricName,
        List<Dimension> dimensions, String statistic, String extendedStatistic, int period, String unit,
        int evaluationPeriods, int datapointsToAlarm, double threshold, String comparisonOperator,
        String treatMissingData, String evaluateLowSampleCountPercentile) {

    static final List<String> STATISTICS = List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    static final List<String> COMPARISON_OPERATORS = List.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
            "LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
            "LessThanLowerThreshold", "GreaterThanUpperThreshold");
    static final List<String> STATIC_OPERATORS = COMPARISON_OPERATORS.subList(0, 4);
    static final List<String> TREAT_MISSING_DATA = List.of("breaching", "notBreaching", "ignore", "missing");
    static final List<String> UNITS = List.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");
    static final Pattern EXTENDED_STATISTIC = Pattern.compile("p(\\d{1,2}(\\.\\d{0,2})?|100(\\.0{0,2})?)");
    private static final int MAX_DIMENSIONS = 30;
    private static final int MAX_ACTIONS = 5;
    private static final int ONE_DAY = 86_400;
    private static final int SEVEN_DAYS = 7 * ONE_DAY;

    AlarmDefinition {
        okActions = List.copyOf(okActions);
        alarmActions = List.copyOf(alarmActions);
        insufficientDataActions = List.copyOf(insufficientDataActions);
        dimensions = List.copyOf(dimensions);
    }

    MetricIdentity metric() {
        return MetricIdentity.of(namespace, metricName, dimensions);
    }

    /** The statistic the alarm evaluates, {@code Statistic} or {@code ExtendedStatistic}. */
    String evaluatedStatistic() {
        return statistic != null ? statistic : extendedStatistic;
    }

    static AlarmDefinition from(QueryRequest request) {
        ModelConstraints constraints = new ModelConstraints();
        String name = request.string("AlarmName");
        if (constraints.required(name, "alarmName")) {
            constraints.length(name, "alarmName", 1, 255);
        }
        String description = request.string("AlarmDescription");
        constraints.length(description, "alarmDescription", 0, 1024);
        List<String> okActions = request.strings("OKActions");
        List<String> alarmActions = request.strings("AlarmActions");
        List<String> insufficientDataActions = request.strings("InsufficientDataActions");
        constraints.size(okActions, "oKActions", MAX_ACTIONS);
        constraints.size(alarmActions, "alarmActions", MAX_ACTIONS);
        constraints.size(insufficientDataActions, "insufficientDataActions", MAX_ACTIONS);
        String namespace = request.string("Namespace");
        constraints.length(namespace, "namespace", 1, 255);
        String metricName = request.string("MetricName");
        constraints.length(metricName, "metricName", 1, 255);
        List<Dimension> dimensions = dimensions(request, "Dimensions", "dimensions", constraints);
        String statistic = request.string("Statistic");
        constraints.oneOf(statistic, "statistic", STATISTICS);
        String extendedStatistic = request.string("ExtendedStatistic");
        Integer period = request.integer("Period", "period");
        constraints.atLeast(period, "period", 1);
        String unit = request.string("Unit");
        constraints.oneOf(unit, "unit", UNITS);
        Integer evaluationPeriods = request.integer("EvaluationPeriods", "evaluationPeriods");
        if (constraints.required(evaluationPeriods, "evaluationPeriods")) {
            constraints.atLeast(evaluationPeriods, "evaluationPeriods", 1);
        }
        Integer datapointsToAlarm = request.integer("DatapointsToAlarm", "datapointsToAlarm");
        constraints.atLeast(datapointsToAlarm, "datapointsToAlarm", 1);
        Double threshold = request.decimal("Threshold", "threshold");
        String comparisonOperator = request.string("ComparisonOperator");
        if (constraints.required(comparisonOperator, "comparisonOperator")) {
            constraints.oneOf(comparisonOperator, "comparisonOperator", COMPARISON_OPERATORS);
        }
        String treatMissingData = request.string("TreatMissingData");
        constraints.length(treatMissingData, "treatMissingData", 1, 255);
        String lowSampleCount = request.string("EvaluateLowSampleCountPercentile");
        constraints.length(lowSampleCount, "evaluateLowSampleCountPercentile", 1, 255);
        Boolean actionsEnabled = request.bool("ActionsEnabled");
        constraints.check();

        if (request.has("Metrics") || request.has("ThresholdMetricId")) {
            // metric math and anomaly-detection bands are valid on AWS; the sandbox evaluates single-metric alarms only
            throw CloudWatchError.invalidParameterValue("The edge-deploy sandbox evaluates single-metric alarms only; "
                    + "Metrics and ThresholdMetricId are not supported here.");
        }
        if (!STATIC_OPERATORS.contains(comparisonOperator)) {
            throw CloudWatchError.validation("Comparison operator " + comparisonOperator
                    + " is only valid with ThresholdMetricId (anomaly detection band).");
        }
        if (metricName == null) {
            throw CloudWatchError.validation("MetricName must be specified.");
        }
        if (namespace == null) {
            throw CloudWatchError.validation("Namespace must be specified.");
        }
        if ((statistic == null) == (extendedStatistic == null)) {
            throw CloudWatchError.invalidParameterCombination(
                    "Exactly one of Statistic and ExtendedStatistic must be specified.");
        }
        if (extendedStatistic != null && !EXTENDED_STATISTIC.matcher(extendedStatistic).matches()) {
            throw CloudWatchError.invalidParameterValue("The value " + extendedStatistic
                    + " for parameter ExtendedStatistic is not supported.");
        }
        if (lowSampleCount != null) {
            if (extendedStatistic == null) {
                throw CloudWatchError.invalidParameterCombination(
                        "EvaluateLowSampleCountPercentile can only be used with an ExtendedStatistic percentile.");
            }
            if (!lowSampleCount.equals("evaluate") && !lowSampleCount.equals("ignore")) {
                throw CloudWatchError.validation("Option " + lowSampleCount
                        + " is not supported. Supported options for parameter EvaluateLowSampleCountPercentile "
                        + "are evaluate and ignore.");
            }
        }
        if (period == null) {
            throw CloudWatchError.validation("Period must be specified for an alarm on a metric.");
        }
        if (!(period == 10 || period == 20 || period == 30 || period % 60 == 0)) {
            throw CloudWatchError.validation("Period must be 10, 20, 30 or a multiple of 60");
        }
        long range = (long) period * evaluationPeriods;
        if (range > (period >= 3600 ? SEVEN_DAYS : ONE_DAY)) {
            throw CloudWatchError.validation("The evaluation range (Period x EvaluationPeriods) of " + range
                    + " seconds is too long: at most one day, or seven days for periods of an hour or more.");
        }
        if (datapointsToAlarm != null && datapointsToAlarm > evaluationPeriods) {
            throw CloudWatchError.validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods");
        }
        if (threshold == null) {
            throw CloudWatchError.validation("Threshold must be specified for an alarm with a static threshold.");
        }
        if (treatMissingData != null && !TREAT_MISSING_DATA.contains(treatMissingData)) {
            throw CloudWatchError.validation("Option " + treatMissingData
                    + " is not supported. Supported options for parameter TreatMissingData are missing, ignore, "
                    + "breaching and notBreaching.");
        }
        return new AlarmDefinition(name, description, actionsEnabled == null || actionsEnabled, okActions,
                alarmActions, insufficientDataActions, namespace, metricName, dimensions, statistic,
                extendedStatistic, period, unit, evaluationPeriods,
                datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm, threshold, comparisonOperator,
                treatMissingData == null ? "missing" : treatMissingData, lowSampleCount);
    }

    /** Reads and checks a {@code Dimensions} list: at most 30, names 1–255, values 1–1024, no repeated name. */
    static List<Dimension> dimensions(QueryRequest request, String list, String member,
            ModelConstraints constraints) {
        List<Dimension> dimensions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (QueryRequest entry : request.structures(list)) {
            String name = entry.string("Name");
            String value = entry.string("Value");
            if (constraints.required(name, member + ".member.name")) {
                constraints.length(name, member + ".member.name", 1, 255);
            }
            if (constraints.required(value, member + ".member.value")) {
                constraints.length(value, member + ".member.value", 1, 1024);
            }
            if (name != null && !names.add(name)) {
                throw CloudWatchError.invalidParameterValue("No Metric may specify the same dimension name twice: "
                        + name);
            }
            dimensions.add(new Dimension(name, value));
        }
        constraints.size(dimensions, member, MAX_DIMENSIONS);
        return dimensions;
    }
}
