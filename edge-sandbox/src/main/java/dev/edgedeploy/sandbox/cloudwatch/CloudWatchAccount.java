package dev.edgedeploy.sandbox.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgedeploy.sandbox.StateFile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alarms and metric samples of one account in one region, and their evaluation. Alarms are evaluated on the
 * clock: each at most once per evaluation interval (a minute, or its period when that is shorter), aligned on
 * multiples of that interval, so a state set with SetAlarmState holds until the next evaluation, as on AWS.
 */
final class CloudWatchAccount {

    private static final int EVALUATION_INTERVAL_SECONDS = 60;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final TreeMap<String, MetricAlarm> alarms = new TreeMap<>();
    private final Map<MetricIdentity, List<Sample>> samples = new HashMap<>();
    private final Map<String, Long> lastEvaluatedSlot = new HashMap<>();
    private final StateFile<CloudWatchState> stateFile;
    private AlarmReadFailure describeFailure;

    CloudWatchAccount(String region, String accountId, Clock clock, StateFile<CloudWatchState> stateFile) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.stateFile = stateFile;
    }

    /**
     * Takes back the alarms and datapoints an earlier run stored; an alarm whose evaluation came due while the
     * sandbox was stopped is evaluated at the next tick, as CloudWatch would have done meanwhile.
     *
     * @throws IllegalStateException naming the file and the fix, when it is another region's or unusable
     */
    synchronized void restore() {
        Optional<CloudWatchState> stored = stateFile.read();
        if (stored.isEmpty()) {
            return;
        }
        CloudWatchState state = stored.get();
        if (!region.equals(state.region()) || !accountId.equals(state.accountId())) {
            throw stateFile.unusable("it holds the alarms of " + state.region() + "/" + state.accountId()
                    + " and this sandbox serves " + region + "/" + accountId, null);
        }
        try {
            for (CloudWatchState.StoredAlarm alarm : state.alarms()) {
                alarms.put(alarm.definition().name(), alarm.toAlarm());
                if (alarm.lastEvaluatedSlot() != null) {
                    lastEvaluatedSlot.put(alarm.definition().name(), alarm.lastEvaluatedSlot());
                }
            }
            for (CloudWatchState.StoredMetric metric : state.metrics()) {
                List<Sample> series = new ArrayList<>();
                metric.samples().forEach(sample -> series.add(sample.toSample()));
                samples.put(new MetricIdentity(metric.namespace(), metric.metricName(), metric.dimensions()), series);
            }
        } catch (RuntimeException e) {
            throw stateFile.unusable("an alarm or datapoint in it cannot be restored (" + e.getMessage() + ")", e);
        }
    }

    /** The state as stored, for state dumps. */
    synchronized JsonNode stateDump() {
        return stateFile.toJson(snapshot());
    }

    private void persist() {
        stateFile.write(snapshot());
    }

    private CloudWatchState snapshot() {
        Instant oldest = clock.instant().minusSeconds(CloudWatchState.RETENTION_SECONDS);
        List<CloudWatchState.StoredAlarm> storedAlarms = new ArrayList<>();
        alarms.forEach((name, alarm) -> storedAlarms.add(
                CloudWatchState.StoredAlarm.of(alarm, lastEvaluatedSlot.get(name))));
        List<CloudWatchState.StoredMetric> metrics = new ArrayList<>();
        samples.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<MetricIdentity, List<Sample>> e) -> e.getKey().toString()))
                .forEach(entry -> {
                    // what no alarm can look at any more is forgotten, in memory too: the state stays bounded
                    entry.getValue().removeIf(sample -> sample.timestamp().isBefore(oldest));
                    if (!entry.getValue().isEmpty()) {
                        List<CloudWatchState.StoredSample> stored = new ArrayList<>();
                        entry.getValue().stream().sorted(Comparator.comparing(Sample::timestamp))
                                .forEach(sample -> stored.add(CloudWatchState.StoredSample.of(sample)));
                        metrics.add(new CloudWatchState.StoredMetric(entry.getKey().namespace(),
                                entry.getKey().metricName(), new TreeMap<>(entry.getKey().dimensions()), stored));
                    }
                });
        samples.values().removeIf(List::isEmpty);
        return new CloudWatchState(region, accountId, storedAlarms, metrics);
    }

    String region() {
        return region;
    }

    Instant now() {
        return clock.instant();
    }

    synchronized void putMetricAlarm(AlarmDefinition definition) {
        Instant now = clock.instant();
        MetricAlarm existing = alarms.get(definition.name());
        if (existing != null) {
            // an update overwrites the configuration and leaves the state as it is
            alarms.put(definition.name(), existing.withDefinition(definition, now));
            persist();
            return;
        }
        String arn = "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + definition.name();
        AlarmState initial = new AlarmState(AlarmState.INSUFFICIENT_DATA, "Unchecked: Initial alarm creation", null,
                now);
        alarms.put(definition.name(), new MetricAlarm(definition, arn, now, initial, now));
        persist();
    }

    synchronized List<MetricAlarm> describeAlarms(List<String> names, String prefix, String stateValue,
            String actionPrefix) {
        if (describeFailure != null) {
            throw describeFailure.error();
        }
        List<MetricAlarm> result = new ArrayList<>();
        for (MetricAlarm alarm : alarms.values()) {
            String name = alarm.definition().name();
            if (!names.isEmpty() && !names.contains(name)) {
                continue;
            }
            if (prefix != null && !name.startsWith(prefix)) {
                continue;
            }
            if (stateValue != null && !stateValue.equals(alarm.state().value())) {
                continue;
            }
            if (actionPrefix != null && !hasActionStartingWith(alarm.definition(), actionPrefix)) {
                continue;
            }
            result.add(alarm);
        }
        return result;
    }

    private static boolean hasActionStartingWith(AlarmDefinition definition, String prefix) {
        return java.util.stream.Stream.of(definition.alarmActions(), definition.okActions(),
                definition.insufficientDataActions()).flatMap(List::stream).anyMatch(action -> action.startsWith(prefix));
    }

    synchronized void deleteAlarms(List<String> names) {
        for (String name : names) {
            if (!alarms.containsKey(name)) {
                throw CloudWatchError.resourceNotFound("Alarm " + name + " not found");
            }
        }
        names.forEach(name -> {
            alarms.remove(name);
            lastEvaluatedSlot.remove(name);
        });
        persist();
    }

    synchronized void setAlarmState(String name, String value, String reason, String reasonData) {
        MetricAlarm alarm = alarms.get(name);
        if (alarm == null) {
            throw CloudWatchError.resourceNotFound("Alarm " + name + " not found");
        }
        alarms.put(name, alarm.withState(new AlarmState(value, reason, reasonData, clock.instant())));
        persist();
    }

    synchronized void putMetricData(List<Map.Entry<MetricIdentity, Sample>> data) {
        for (Map.Entry<MetricIdentity, Sample> datum : data) {
            samples.computeIfAbsent(datum.getKey(), ignored -> new ArrayList<>()).add(datum.getValue());
        }
        persist();
    }

    /** Evaluates every alarm now, whatever its schedule (a test's "next evaluation"). */
    synchronized void evaluateAll() {
        Instant now = clock.instant();
        for (String name : List.copyOf(alarms.keySet())) {
            evaluate(name, now);
            lastEvaluatedSlot.put(name, slot(alarms.get(name).definition(), now));
        }
        persist();
    }

    /** Evaluates the alarms whose evaluation time has come since they were last evaluated. */
    synchronized void evaluateDue() {
        Instant now = clock.instant();
        boolean changed = false;
        for (String name : List.copyOf(alarms.keySet())) {
            long slot = slot(alarms.get(name).definition(), now);
            Long last = lastEvaluatedSlot.get(name);
            if (last == null || slot > last) {
                lastEvaluatedSlot.put(name, slot);
                if (last != null) {
                    changed |= evaluate(name, now);
                }
            }
        }
        // an evaluation that keeps the state is not stored: after a restart it is simply due again
        if (changed) {
            persist();
        }
    }

    synchronized AlarmState state(String name) {
        MetricAlarm alarm = alarms.get(name);
        if (alarm == null) {
            throw new IllegalArgumentException("no alarm " + name);
        }
        return alarm.state();
    }

    synchronized void failDescribeAlarms(AlarmReadFailure failure) {
        this.describeFailure = failure;
    }

    /** Evaluates one alarm; true when its state changed. */
    private boolean evaluate(String name, Instant now) {
        MetricAlarm alarm = alarms.get(name);
        List<Sample> series = samples.getOrDefault(alarm.definition().metric(), List.of());
        Optional<AlarmState> next = AlarmEvaluation.evaluate(alarm.definition(), series, alarm.state(), now);
        next.ifPresent(state -> alarms.put(name, alarm.withState(state)));
        return next.isPresent();
    }

    private static long slot(AlarmDefinition definition, Instant now) {
        int interval = Math.min(EVALUATION_INTERVAL_SECONDS, definition.period());
        return Math.floorDiv(now.getEpochSecond(), interval);
    }
}
