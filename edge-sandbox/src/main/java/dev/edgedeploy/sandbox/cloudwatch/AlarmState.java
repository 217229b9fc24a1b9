package dev.edgedeploy.sandbox.cloudwatch;

import java.time.Instant;

/**
 * An alarm's state as DescribeAlarms reports it.
 *
 * @param value {@code OK}, {@code ALARM} or {@code INSUFFICIENT_DATA}
 * @param reasonData JSON, or null
 * @param updated when the state last changed, or was last set
 */
record AlarmState(String value, String reason, String reasonData, Instant updated) {

    static final String OK = "OK";
    static final String ALARM = "ALARM";
    static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";
}
