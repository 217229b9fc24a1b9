package dev.edgedeploy.sandbox.cloudwatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's state as it is stored ({@link dev.edgedeploy.sandbox.StateFile}, {@code cloudwatch-state.json}), so
 * alarms keep their configuration, state and evaluation schedule across a restart of the sandbox, and evaluate
 * against the datapoints published before it. Only datapoints an alarm can still look at are kept: those of the
 * last {@link #RETENTION_SECONDS} (CloudWatch refuses alarms whose evaluation range exceeds one day), so the file
 * stays bounded however long metrics are published. Instants are ISO-8601 text.
 *
 * @param region the region the alarms were created in (a sandbox of another region refuses the file)
 * @param accountId the account of the alarm ARNs
 * @param alarms every alarm, by name
 * @param metrics every metric with datapoints in the retention window
 */
record CloudWatchState(String region, String accountId, List<StoredAlarm> alarms, List<StoredMetric> metrics) {

    static final int SCHEMA_VERSION = 1;
    /** Alarms look back at most one day (period times evaluation periods), plus a period still in progress. */
    static final long RETENTION_SECONDS = 86_400 + 3_600;

    /**
     * An alarm, with its state and the last evaluation slot, so a restarted sandbox neither evaluates it early nor
     * skips an evaluation that was due.
     */
    record StoredAlarm(AlarmDefinition definition, String arn, String configurationUpdated, StoredAlarmState state,
            String stateTransitioned, Long lastEvaluatedSlot) {

        static StoredAlarm of(MetricAlarm alarm, Long lastEvaluatedSlot) {
            return new StoredAlarm(alarm.definition(), alarm.arn(), alarm.configurationUpdated().toString(),
                    StoredAlarmState.of(alarm.state()), alarm.stateTransitioned().toString(), lastEvaluatedSlot);
        }

        MetricAlarm toAlarm() {
            return new MetricAlarm(definition, arn, Instant.parse(configurationUpdated), state.toState(),
                    Instant.parse(stateTransitioned));
        }
    }

    /** {@link AlarmState}. */
    record StoredAlarmState(String value, String reason, String reasonData, String updated) {

        static StoredAlarmState of(AlarmState state) {
            return new StoredAlarmState(state.value(), state.reason(), state.reasonData(), state.updated().toString());
        }

        AlarmState toState() {
            return new AlarmState(value, reason, reasonData, Instant.parse(updated));
        }
    }

    /** One metric and its datapoints in the retention window, oldest first. */
    record StoredMetric(String namespace, String metricName, Map<String, String> dimensions,
            List<StoredSample> samples) {
    }

    /** {@link Sample}. */
    record StoredSample(String timestamp, String unit, double sampleCount, double sum, double minimum, double maximum,
            List<Double> values, List<Double> counts) {

        static StoredSample of(Sample sample) {
            return new StoredSample(sample.timestamp().toString(), sample.unit(), sample.sampleCount(), sample.sum(),
                    sample.minimum(), sample.maximum(), sample.values(), sample.counts());
        }

        Sample toSample() {
            return new Sample(Instant.parse(timestamp), unit, sampleCount, sum, minimum, maximum, values, counts);
        }
    }
}
