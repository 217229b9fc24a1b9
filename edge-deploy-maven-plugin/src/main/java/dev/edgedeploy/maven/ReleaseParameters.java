package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.release.ReleaseSettings;
import dev.edgedeploy.core.release.ShiftSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deploy goal's release parameters as the user gave them, and their one mapping to the core's
 * {@link ReleaseSettings}. Every problem is found before the upload, so a bad release configuration changes nothing
 * remote (G8).
 *
 * @param functionName the configured function name; null: derived from the artifact id
 * @param artifactId the project's artifact id
 * @param distributionId the configured distribution; null: the sandbox bootstraps one, aws refuses
 * @param alarms null or empty: none
 * @param refreshSeconds how often an edge container re-reads the alias weights at most
 * @param clientErrorThreshold null: the core's default; 0: no client error alarm
 */
record ReleaseParameters(String functionName, String artifactId, String distributionId, String functionRoleArn,
        String codeDeployRoleArn, String deploymentConfig, Integer canaryPercentage, Integer canaryInterval,
        Integer linearPercentage, Integer linearInterval, List<String> alarms, boolean overrideAlarms,
        boolean breakStaleLock, int refreshSeconds, Integer clientErrorThreshold) {

    /** The same parameters with the deploy goal's traffic shift: a schedule, and whether alarms are overridden. */
    ReleaseParameters withShift(String deploymentConfig, Integer canaryPercentage, Integer canaryInterval,
            Integer linearPercentage, Integer linearInterval, boolean overrideAlarms) {
        return new ReleaseParameters(functionName, artifactId, distributionId, functionRoleArn, codeDeployRoleArn,
                deploymentConfig, canaryPercentage, canaryInterval, linearPercentage, linearInterval, alarms,
                overrideAlarms, breakStaleLock, refreshSeconds, clientErrorThreshold);
    }

    /** The default schedule; see {@code DeployMojo#deploymentConfig} for why. */
    static final String DEFAULT_DEPLOYMENT_CONFIG = "Canary10Percent5Minutes";
    /** Roles the sandbox accepts without checking; AWS needs real ones. */
    static final String SANDBOX_ROLE_ARN = "arn:aws:iam::123456789012:role/edge-deploy-sandbox";
    /** The sandbox's services answer in milliseconds: polling at the AWS pace would only slow the release down. */
    static final Duration SANDBOX_POLL_INTERVAL = Duration.ofMillis(200);
    static final int MAX_FUNCTION_NAME = 64;
    /** Stands in for a distribution the sandbox creates after the upload, so the rest can be checked before. */
    private static final String DISTRIBUTION_TO_BOOTSTRAP = "bootstrap";

    /** The function: as configured, or the artifact id with every character Lambda refuses replaced by '-'. */
    String function() {
        return present(functionName) ? functionName.trim() : functionOf(artifactId);
    }

    /** The function of a project that names none: its artifact id with every character Lambda refuses as '-'. */
    static String functionOf(String artifactId) {
        String derived = artifactId.replaceAll("[^A-Za-z0-9_-]", "-");
        return derived.length() > MAX_FUNCTION_NAME ? derived.substring(0, MAX_FUNCTION_NAME) : derived;
    }

    Optional<String> distribution() {
        return present(distributionId) ? Optional.of(distributionId.trim()) : Optional.empty();
    }

    /** @throws InvalidInputException listing every problem of these parameters on this target */
    void check(boolean sandbox) {
        List<Problem> problems = new ArrayList<>();
        if (!sandbox) {
            if (distribution().isEmpty()) {
                problems.add(new Problem("<distributionId> / -D" + PropertyNames.DISTRIBUTION_ID,
                        "the aws target needs the CloudFront distribution that serves the widget.",
                        "create the distribution (origin: the primary bucket; behaviors /assets/index.js with TTL 0,"
                                + " /assets/* and /_edge-deploy/beacon for client error beacons, see docs/decisions.md)"
                                + " and give its id, e.g. <distributionId>E2EXAMPLE</distributionId>."));
            }
            requireOnAws(problems, functionRoleArn, "<functionRoleArn> / -D" + PropertyNames.FUNCTION_ROLE_ARN,
                    "the execution role of the edge function (trusted by lambda and edgelambda.amazonaws.com;"
                            + " permissions in the README)");
            requireOnAws(problems, codeDeployRoleArn, "<codeDeployRoleArn> / -D" + PropertyNames.CODEDEPLOY_ROLE_ARN,
                    "the CodeDeploy service role (AWSCodeDeployRoleForLambda)");
        }
        problems.addAll(scheduleProblems());
        if (problems.isEmpty()) {
            problems.addAll(settings(distribution().orElse(DISTRIBUTION_TO_BOOTSTRAP), sandbox, null, null, null)
                    .problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The release configuration is invalid", problems);
        }
    }

    /**
     * @param lambdaEndpoint where the edge's weights probe calls Lambda: the sandbox's (stable across runs); null
     *     for AWS's own
     * @param cloudWatchEndpoint where the edge's beacon endpoint writes client errors: the sandbox's; null for AWS's
     * @param s3Endpoint where the regional weights answer shares its GetAlias cache: the sandbox's S3 (stable across
     *     runs); null for AWS's own
     */
    ReleaseSettings settings(String distribution, boolean sandbox, String lambdaEndpoint, String cloudWatchEndpoint,
            String s3Endpoint) {
        ReleaseSettings.Builder builder = ReleaseSettings.builder(function(), distribution)
                .functionRoleArn(role(functionRoleArn, sandbox))
                .codeDeployRoleArn(role(codeDeployRoleArn, sandbox))
                .schedule(schedule())
                .alarms(alarms == null ? List.of() : alarms.stream().map(String::trim).toList())
                .overrideAlarms(overrideAlarms)
                .breakStaleLock(breakStaleLock)
                .refreshSeconds(refreshSeconds);
        if (lambdaEndpoint != null) {
            builder.lambdaEndpoint(lambdaEndpoint);
        }
        if (s3Endpoint != null) {
            builder.s3Endpoint(s3Endpoint);
        }
        if (cloudWatchEndpoint != null) {
            builder.cloudWatchEndpoint(cloudWatchEndpoint);
        }
        if (clientErrorThreshold != null) {
            builder.clientErrorThreshold(clientErrorThreshold);
        }
        if (sandbox) {
            builder.pollInterval(SANDBOX_POLL_INTERVAL);
        }
        return builder.build();
    }

    ShiftSchedule schedule() {
        if (canaryPercentage != null || canaryInterval != null) {
            return ShiftSchedule.canary(orZero(canaryPercentage), orZero(canaryInterval));
        }
        if (linearPercentage != null || linearInterval != null) {
            return ShiftSchedule.linear(orZero(linearPercentage), orZero(linearInterval));
        }
        String name = present(deploymentConfig) ? deploymentConfig.trim() : DEFAULT_DEPLOYMENT_CONFIG;
        String bare = name.startsWith(ShiftSchedule.PREDEFINED_PREFIX)
                ? name.substring(ShiftSchedule.PREDEFINED_PREFIX.length()) : name;
        // CodeDeploy's Lambda configurations all start with "Lambda"; people write them without it
        return ShiftSchedule.predefined(bare.startsWith("Lambda") ? bare : "Lambda" + bare);
    }

    private List<Problem> scheduleProblems() {
        int given = (present(deploymentConfig) ? 1 : 0) + (canaryPercentage != null || canaryInterval != null ? 1 : 0)
                + (linearPercentage != null || linearInterval != null ? 1 : 0);
        if (given > 1) {
            return List.of(new Problem("<deploymentConfig> / <canaryPercentage> / <linearPercentage>",
                    "more than one traffic shift schedule is given.",
                    "give either a predefined deploymentConfig, or canaryPercentage and canaryInterval, or"
                            + " linearPercentage and linearInterval."));
        }
        return schedule().problems();
    }

    private static void requireOnAws(List<Problem> problems, String value, String subject, String what) {
        if (!present(value)) {
            problems.add(new Problem(subject, "the aws target needs " + what + ".", "give the role's ARN."));
        }
    }

    private static String role(String configured, boolean sandbox) {
        return present(configured) ? configured.trim() : sandbox ? SANDBOX_ROLE_ARN : null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
