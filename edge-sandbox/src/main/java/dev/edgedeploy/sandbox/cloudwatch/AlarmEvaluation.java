package dev.edgedeploy.sandbox.cloudwatch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One evaluation of a metric alarm, as CloudWatch describes it ("Evaluating an alarm", "Configuring how CloudWatch
 * alarms treat missing data"): the last {@code EvaluationPeriods} periods up to now, aligned on multiples of the
 * period, each aggregated with the alarm's statistic; ALARM when at least {@code DatapointsToAlarm} of them breach,
 * with missing periods counted as breaching or not, ignored (state kept) or, when every period is missing,
 * INSUFFICIENT_DATA.
 */
final class AlarmEvaluation {

    private static final DateTimeFormatter REASON_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlarmEvaluation() {
    }

    /** The state the alarm should be in at {@code now}; empty when it keeps the state it has. */
    static Optional<AlarmState> evaluate(AlarmDefinition alarm, List<Sample> samples, AlarmState current,
            Instant now) {
        long period = alarm.period();
        long newestBucket = Math.floorDiv(now.getEpochSecond(), period);
        if (bucket(alarm, samples, newestBucket).isEmpty()) {
            // a period still in progress is not missing yet: evaluate the periods completed before it
            newestBucket--;
        }
        List<Double> datapoints = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        for (int i = alarm.evaluationPeriods() - 1; i >= 0; i--) {
            long index = newestBucket - i;
            datapoints.add(statistic(alarm, bucket(alarm, samples, index)));
            starts.add(Instant.ofEpochSecond(index * period));
        }
        int present = 0;
        int breaching = 0;
        int missing = 0;
        for (Double datapoint : datapoints) {
            if (datapoint == null) {
                missing++;
                if (alarm.treatMissingData().equals("breaching")) {
                    breaching++;
                }
            } else {
                present++;
                if (breaches(alarm, datapoint)) {
                    breaching++;
                }
            }
        }
        String treatment = alarm.treatMissingData();
        String next;
        if (present == 0 && treatment.equals("missing")) {
            next = AlarmState.INSUFFICIENT_DATA;
        } else if (present == 0 && treatment.equals("ignore")) {
            return Optional.empty();
        } else {
            next = breaching >= alarm.datapointsToAlarm() ? AlarmState.ALARM : AlarmState.OK;
        }
        if (next.equals(current.value())) {
            return Optional.empty();
        }
        return Optional.of(new AlarmState(next, reason(alarm, next, datapoints, starts, breaching, missing),
                reasonData(alarm, datapoints, starts, now), now));
    }

    private static List<Sample> bucket(AlarmDefinition alarm, List<Sample> samples, long index) {
        Instant start = Instant.ofEpochSecond(index * alarm.period());
        Instant end = start.plusSeconds(alarm.period());
        return samples.stream()
                .filter(sample -> !sample.timestamp().isBefore(start) && sample.timestamp().isBefore(end))
                .filter(sample -> alarm.unit() == null || alarm.unit().equals(sample.unit()))
                .toList();
    }

    private static boolean breaches(AlarmDefinition alarm, double value) {
        return switch (alarm.comparisonOperator()) {
            case "GreaterThanOrEqualToThreshold" -> value >= alarm.threshold();
            case "GreaterThanThreshold" -> value > alarm.threshold();
            case "LessThanThreshold" -> value < alarm.threshold();
            case "LessThanOrEqualToThreshold" -> value <= alarm.threshold();
            default -> throw new IllegalStateException("not a static threshold operator: "
                    + alarm.comparisonOperator());
        };
    }

    /** The bucket's value for the alarm's statistic, or null when the bucket has no (usable) data. */
    private static Double statistic(AlarmDefinition alarm, List<Sample> bucket) {
        if (bucket.isEmpty()) {
            return null;
        }
        double count = bucket.stream().mapToDouble(Sample::sampleCount).sum();
        double sum = bucket.stream().mapToDouble(Sample::sum).sum();
        if (alarm.statistic() != null) {
            return switch (alarm.statistic()) {
                case "SampleCount" -> count;
                case "Sum" -> sum;
                case "Average" -> count == 0 ? null : sum / count;
                case "Minimum" -> bucket.stream().mapToDouble(Sample::minimum).min().orElseThrow();
                case "Maximum" -> bucket.stream().mapToDouble(Sample::maximum).max().orElseThrow();
                default -> throw new IllegalStateException(alarm.statistic());
            };
        }
        return percentile(Double.parseDouble(alarm.extendedStatistic().substring(1)), bucket);
    }

    /** Nearest-rank percentile of the raw values; null when only aggregates were published. */
    private static Double percentile(double percent, List<Sample> bucket) {
        List<double[]> weighted = new ArrayList<>();
        for (Sample sample : bucket) {
            if (sample.values().isEmpty()) {
                return null;
            }
            for (int i = 0; i < sample.values().size(); i++) {
                weighted.add(new double[] {sample.values().get(i), sample.counts().get(i)});
            }
        }
        weighted.sort(Comparator.comparingDouble(pair -> pair[0]));
        double total = weighted.stream().mapToDouble(pair -> pair[1]).sum();
        double rank = Math.max(1, Math.ceil(percent / 100 * total));
        double seen = 0;
        for (double[] pair : weighted) {
            seen += pair[1];
            if (seen >= rank) {
                return pair[0];
            }
        }
        return weighted.get(weighted.size() - 1)[0];
    }

    private static String reason(AlarmDefinition alarm, String next, List<Double> datapoints, List<Instant> starts,
            int breaching, int missing) {
        if (next.equals(AlarmState.INSUFFICIENT_DATA)) {
            return "Insufficient Data: " + missing + (missing == 1 ? " datapoint was" : " datapoints were")
                    + " unknown.";
        }
        List<String> recent = new ArrayList<>();
        for (int i = datapoints.size() - 1; i >= 0; i--) {
            if (datapoints.get(i) != null) {
                recent.add(datapoints.get(i) + " (" + REASON_TIME.format(starts.get(i)) + ")");
            }
        }
        String comparison = switch (alarm.comparisonOperator()) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
        int reported = next.equals(AlarmState.ALARM) ? breaching : datapoints.size() - breaching;
        return "Threshold Crossed: " + reported + " out of the last " + datapoints.size() + " datapoints "
                + recent + (next.equals(AlarmState.ALARM) ? " was " : " was not ") + comparison + " the threshold ("
                + alarm.threshold() + ") (minimum " + alarm.datapointsToAlarm() + " datapoint"
                + (alarm.datapointsToAlarm() == 1 ? "" : "s") + " for "
                + (next.equals(AlarmState.ALARM) ? "OK -> ALARM" : "ALARM -> OK") + " transition).";
    }

    private static String reasonData(AlarmDefinition alarm, List<Double> datapoints, List<Instant> starts,
            Instant now) {
        StringBuilder recent = new StringBuilder();
        for (int i = datapoints.size() - 1; i >= 0; i--) {
            if (datapoints.get(i) != null) {
                recent.append(recent.length() == 0 ? "" : ",").append(datapoints.get(i));
            }
        }
        return "{\"version\":\"1.0\",\"queryDate\":\"" + now + "\",\"startDate\":\"" + starts.get(0)
                + "\",\"statistic\":\"" + alarm.evaluatedStatistic() + "\",\"period\":" + alarm.period()
                + ",\"recentDatapoints\":[" + recent + "],\"threshold\":" + alarm.threshold() + "}";
    }
}
