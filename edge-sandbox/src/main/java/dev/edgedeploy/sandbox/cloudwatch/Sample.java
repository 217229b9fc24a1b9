package dev.edgedeploy.sandbox.cloudwatch;

import java.time.Instant;
import java.util.List;

/**
 * One published datum of a metric: its aggregate (a single value is a count of 1) and, when the caller sent raw
 * values, those values with their counts so percentiles can be computed.
 *
 * @param values raw values (empty when only {@code StatisticValues} was sent)
 * @param counts how many times each raw value occurred, parallel to {@code values}
 */
record Sample(Instant timestamp, String unit, double sampleCount, double sum, double minimum, double maximum,
        List<Double> values, List<Double> counts) {

    Sample {
        values = List.copyOf(values);
        counts = List.copyOf(counts);
    }

    static Sample ofValues(Instant timestamp, String unit, List<Double> values, List<Double> counts) {
        double count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            double times = counts.get(i);
            count += times;
            sum += value * times;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return new Sample(timestamp, unit, count, sum, min, max, values, counts);
    }

    static Sample ofStatistics(Instant timestamp, String unit, double sampleCount, double sum, double min,
            double max) {
        return new Sample(timestamp, unit, sampleCount, sum, min, max, List.of(), List.of());
    }
}
