/**
 * The sandbox's Amazon CloudWatch alarms and metrics ({@link dev.edgedeploy.sandbox.cloudwatch.CloudWatchService}).
 *
 * <p>Wire protocol: AWS Query, which SDK v2.40.2's {@code CloudWatchClient} speaks (its generated client builds an
 * {@code AwsQueryProtocolFactory}): form-encoded {@code Action=…&Version=2010-08-01}, XML answers in
 * {@code http://monitoring.amazonaws.com/doc/2010-08-01/}, errors as {@code <ErrorResponse><Error><Type>Sender</Type>
 * <Code>…</Code>}. Operations: PutMetricAlarm, DescribeAlarms, DeleteAlarms, SetAlarmState, PutMetricData.
 *
 * <p>Validation follows API_PutMetricAlarm and API_PutMetricData: model constraints as {@code ValidationError}
 * ("1 validation error detected: …"), "Period must be 10, 20, 30 or a multiple of 60", "DatapointsToAlarm must be less
 * than or equal to EvaluationPeriods", Statistic XOR ExtendedStatistic, at most 30 dimensions, at most 1,000 datums per
 * PutMetricData, reserved {@code AWS/} namespaces, value magnitudes. Alarms are evaluated on the clock over their last
 * EvaluationPeriods periods with TreatMissingData (breaching, notBreaching, ignore, missing); a state set with
 * SetAlarmState holds until the next evaluation.
 *
 * <p>Not modelled: metric math and anomaly-detection alarms (refused with a message saying so), composite alarms,
 * alarm actions, GetMetricData/GetMetricStatistics.
 */
package dev.edgedeploy.sandbox.cloudwatch;
