package dev.edgedeploy.sandbox.cloudwatch;

import java.time.Instant;

/**
 * A stored alarm at one moment: its configuration, ARN, when it was configured, its state and when the state last
 * transitioned.
 */
record MetricAlarm(AlarmDefinition definition, String arn, Instant configurationUpdated, AlarmState state,
        Instant stateTransitioned) {

    MetricAlarm withDefinition(AlarmDefinition value, Instant now) {
        return new MetricAlarm(value, arn, now, state, stateTransitioned);
    }

    MetricAlarm withState(AlarmState value) {
        boolean transitioned = !value.value().equals(state.value());
        return new MetricAlarm(definition, arn, configurationUpdated, value,
                transitioned ? value.updated() : stateTransitioned);
    }
}
