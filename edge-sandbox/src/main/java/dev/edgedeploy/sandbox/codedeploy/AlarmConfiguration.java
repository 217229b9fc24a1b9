package dev.edgedeploy.sandbox.codedeploy;

import java.util.List;

/** The CloudWatch alarms a deployment watches (at most ten), and whether it may go on when they cannot be read. */
record AlarmConfiguration(boolean enabled, boolean ignorePollAlarmFailure, List<String> alarms) {

    static final AlarmConfiguration NONE = new AlarmConfiguration(false, false, List.of());

    AlarmConfiguration {
        alarms = List.copyOf(alarms);
    }

    boolean watches() {
        return enabled && !alarms.isEmpty();
    }
}
