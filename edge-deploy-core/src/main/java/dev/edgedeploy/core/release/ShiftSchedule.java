package dev.edgedeploy.core.release;

import dev.edgedeploy.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How CodeDeploy moves the alias: one of CodeDeploy's predefined Lambda configurations, or a custom canary or linear
 * schedule (created in CodeDeploy under {@link #configName()} when missing). Limits as CodeDeploy enforces them:
 * percentage 1–99, interval at least one minute, at most 2,880 minutes between the first and the last shift.
 *
 * @param predefined the predefined configuration's name (with or without {@code CodeDeployDefault.}); null when custom
 * @param type canary or linear when custom; null when predefined
 * @param percentage the share moved per step (canary: the first step), when custom
 * @param intervalMinutes minutes between steps, when custom
 */
public record ShiftSchedule(String predefined, Type type, int percentage, int intervalMinutes) {

    public enum Type { CANARY, LINEAR }

    public static final String PREDEFINED_PREFIX = "CodeDeployDefault.";
    public static final int MAX_SHIFT_MINUTES = 2880;
    /** The Lambda configurations CodeDeploy predefines (deployment-configurations.md). */
    public static final Set<String> PREDEFINED = Set.of("LambdaAllAtOnce", "LambdaCanary10Percent5Minutes",
            "LambdaCanary10Percent10Minutes", "LambdaCanary10Percent15Minutes", "LambdaCanary10Percent30Minutes",
            "LambdaLinear10PercentEvery1Minute", "LambdaLinear10PercentEvery2Minutes",
            "LambdaLinear10PercentEvery3Minutes", "LambdaLinear10PercentEvery10Minutes");
    private static final Pattern PREDEFINED_CANARY = Pattern.compile(".*LambdaCanary10Percent(\\d+)Minutes");
    private static final Pattern PREDEFINED_LINEAR = Pattern.compile(".*LambdaLinear10PercentEvery(\\d+)Minutes?");
    /** The setting every problem names. */
    static final String SUBJECT = "<release><deploymentConfig> / -DedgeDeploy.deploymentConfig";

    public static ShiftSchedule predefined(String name) {
        return new ShiftSchedule(Objects.requireNonNull(name, "name"), null, 0, 0);
    }

    public static ShiftSchedule canary(int percentage, int intervalMinutes) {
        return new ShiftSchedule(null, Type.CANARY, percentage, intervalMinutes);
    }

    public static ShiftSchedule linear(int percentage, int intervalMinutes) {
        return new ShiftSchedule(null, Type.LINEAR, percentage, intervalMinutes);
    }

    public boolean isPredefined() {
        return predefined != null;
    }

    /** The CodeDeploy configuration name: {@code CodeDeployDefault.<name>}, or one derived from a custom schedule. */
    public String configName() {
        if (isPredefined()) {
            return predefined.startsWith(PREDEFINED_PREFIX) ? predefined : PREDEFINED_PREFIX + predefined;
        }
        return type == Type.CANARY
                ? "edge-deploy.Canary" + percentage + "Percent" + intervalMinutes + "Minutes"
                : "edge-deploy.Linear" + percentage + "PercentEvery" + intervalMinutes + "Minutes";
    }

    /** Minutes between the first and the last traffic shift (CodeDeploy refuses more than 2,880). */
    public long shiftMinutes() {
        if (isPredefined()) {
            Matcher canary = PREDEFINED_CANARY.matcher(configName());
            if (canary.matches()) {
                return Long.parseLong(canary.group(1));
            }
            Matcher linear = PREDEFINED_LINEAR.matcher(configName());
            return linear.matches() ? 9 * Long.parseLong(linear.group(1)) : 0;
        }
        if (percentage < 1) {
            return 0;
        }
        if (type == Type.CANARY) {
            return intervalMinutes;
        }
        long steps = (100 + percentage - 1) / percentage;
        return (steps - 1) * intervalMinutes;
    }

    /** Every reason CodeDeploy would refuse this schedule, found before any remote change. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (isPredefined()) {
            String bare = predefined.startsWith(PREDEFINED_PREFIX)
                    ? predefined.substring(PREDEFINED_PREFIX.length()) : predefined;
            if (!PREDEFINED.contains(bare)) {
                problems.add(new Problem(SUBJECT, "'" + predefined + "' is not a predefined Lambda deployment"
                        + " configuration.", "use one of " + PREDEFINED.stream().sorted().toList()
                        + ", or a custom canary/linear percentage and interval."));
            }
            return problems;
        }
        if (type == null) {
            problems.add(new Problem(SUBJECT, "neither a predefined configuration nor canary/linear was given.",
                    "name a predefined configuration, or give canary or linear with a percentage and interval."));
            return problems;
        }
        if (percentage < 1 || percentage > 99) {
            problems.add(new Problem(SUBJECT, "the percentage " + percentage + " is outside 1–99.",
                    "give a whole percentage from 1 to 99."));
        }
        if (intervalMinutes < 1) {
            problems.add(new Problem(SUBJECT, "the interval of " + intervalMinutes + " minutes is under one minute.",
                    "give an interval of at least 1 minute."));
        }
        if (problems.isEmpty() && shiftMinutes() > MAX_SHIFT_MINUTES) {
            problems.add(new Problem(SUBJECT, "the whole shift takes " + shiftMinutes() + " minutes, more than"
                    + " CodeDeploy's " + MAX_SHIFT_MINUTES + ".", "shorten the interval or raise the percentage."));
        }
        return problems;
    }

    @Override
    public String toString() {
        return configName();
    }
}
