package dev.edgedeploy.sandbox.codedeploy;

import java.util.List;

/** Which events roll a deployment back: DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM, DEPLOYMENT_STOP_ON_REQUEST. */
record AutoRollbackConfiguration(boolean enabled, List<String> events) {

    static final String ON_FAILURE = "DEPLOYMENT_FAILURE";
    static final String ON_ALARM = "DEPLOYMENT_STOP_ON_ALARM";
    static final String ON_REQUEST = "DEPLOYMENT_STOP_ON_REQUEST";
    static final List<String> EVENTS = List.of(ON_FAILURE, ON_ALARM, ON_REQUEST);
    static final AutoRollbackConfiguration NONE = new AutoRollbackConfiguration(false, List.of());

    AutoRollbackConfiguration {
        events = List.copyOf(events);
    }

    boolean rollsBackOn(String event) {
        return enabled && events.contains(event);
    }
}
