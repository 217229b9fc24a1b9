package dev.edgedeploy.sandbox.codedeploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A deployment configuration: how traffic moves from the current to the target version. For Lambda, TimeBasedCanary
 * (p %, then the rest after the interval), TimeBasedLinear (p % more every interval) or AllAtOnce
 * (awsdocs/aws-codedeploy-user-guide, deployment-configurations.md).
 *
 * @param trafficRoutingType {@code TimeBasedCanary}, {@code TimeBasedLinear}, {@code AllAtOnce}, or null for a
 *     Server configuration
 * @param percentage the canary or linear percentage (0 for AllAtOnce)
 * @param intervalMinutes the canary or linear interval in minutes (0 for AllAtOnce)
 * @param minimumHealthyHosts for Server configurations, e.g. {@code FLEET_PERCENT:75}; null otherwise
 */
record DeploymentConfig(String name, String id, String computePlatform, String trafficRoutingType, int percentage,
        int intervalMinutes, String minimumHealthyHosts, Instant createTime) {

    static final String CANARY = "TimeBasedCanary";
    static final String LINEAR = "TimeBasedLinear";
    static final String ALL_AT_ONCE = "AllAtOnce";
    /** CodeDeploy's limit on the time between the first and the last traffic shift of a Lambda deployment. */
    static final int MAX_SHIFT_MINUTES = 2880;

    /** The nine {@code CodeDeployDefault.Lambda*} configurations, by name. */
    static Map<String, DeploymentConfig> predefinedLambda() {
        Map<String, DeploymentConfig> configs = new LinkedHashMap<>();
        for (int minutes : new int[] {5, 10, 15, 30}) {
            add(configs, "CodeDeployDefault.LambdaCanary10Percent" + minutes + "Minutes", CANARY, 10, minutes);
        }
        add(configs, "CodeDeployDefault.LambdaLinear10PercentEvery1Minute", LINEAR, 10, 1);
        for (int minutes : new int[] {2, 3, 10}) {
            add(configs, "CodeDeployDefault.LambdaLinear10PercentEvery" + minutes + "Minutes", LINEAR, 10, minutes);
        }
        add(configs, "CodeDeployDefault.LambdaAllAtOnce", ALL_AT_ONCE, 0, 0);
        return configs;
    }

    /** Every predefined configuration: the nine Lambda ones and the Server and ECS defaults groups fall back to. */
    static Map<String, DeploymentConfig> predefined() {
        Map<String, DeploymentConfig> configs = predefinedLambda();
        for (String[] server : new String[][] {{"CodeDeployDefault.OneAtATime", "HOST_COUNT:1"},
                {"CodeDeployDefault.HalfAtATime", "FLEET_PERCENT:50"}, {"CodeDeployDefault.AllAtOnce", "HOST_COUNT:0"}}) {
            configs.put(server[0], new DeploymentConfig(server[0], id(server[0]), "Server", null, 0, 0, server[1],
                    Instant.EPOCH));
        }
        configs.put("CodeDeployDefault.ECSAllAtOnce", new DeploymentConfig("CodeDeployDefault.ECSAllAtOnce",
                id("CodeDeployDefault.ECSAllAtOnce"), "ECS", ALL_AT_ONCE, 0, 0, null, Instant.EPOCH));
        return configs;
    }

    private static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static void add(Map<String, DeploymentConfig> configs, String name, String type, int percentage,
            int minutes) {
        configs.put(name, new DeploymentConfig(name, id(name), "Lambda", type, percentage, minutes, null, Instant.EPOCH));
    }

    /**
     * The percentages of traffic on the target version, in order, each shift {@link #interval()} after the
     * previous one; the last is always 100.
     */
    List<Integer> steps() {
        List<Integer> steps = new ArrayList<>();
        switch (trafficRoutingType) {
            case CANARY -> steps.add(percentage);
            case LINEAR -> {
                for (int weight = percentage; weight < 100; weight += percentage) {
                    steps.add(weight);
                }
            }
            default -> { }
        }
        steps.add(100);
        return steps;
    }

    Duration interval() {
        return Duration.ofMinutes(intervalMinutes);
    }

    /** Minutes between the first and the last shift. */
    long shiftMinutes() {
        return (long) (steps().size() - 1) * intervalMinutes;
    }
}
