package dev.edgedeploy.core.release;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import dev.edgedeploy.core.bundle.EdgeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a build is released: the edge function and its alias, the distribution, the CodeDeploy schedule and alarms,
 * and the bounds of every wait. Build with {@link #builder(String, String)}; {@link #validate()} lists every problem
 * before any remote change (G8).
 *
 * @param functionName the Lambda@Edge function (us-east-1)
 * @param alias the alias CodeDeploy shifts
 * @param functionRoleArn the execution role used when the function is created on the first release; null when the
 *     function exists already
 * @param distributionId the CloudFront distribution serving the widget
 * @param entryPathPattern the path pattern of the never-cached entry behavior
 * @param assetPathPattern the path pattern of the asset behavior; null: {@code /assets/*} if the distribution has
 *     it, else the default behavior
 * @param schedule the CodeDeploy deployment configuration
 * @param applicationName the CodeDeploy application (created when missing)
 * @param deploymentGroupName the CodeDeploy deployment group (created when missing)
 * @param codeDeployRoleArn the service role of a deployment group created here
 * @param alarms CloudWatch alarms (us-east-1) that stop the shift and roll back; at most 10
 * @param overrideAlarms ship while an alarm fires: this one deployment ignores the alarms (logged as a warning)
 * @param lambdaEndpoint where the weights probe of the edge calls Lambda (rendered into the bundle)
 * @param s3Endpoint where the regional weights answer reads and writes the GetAlias cache it shares through the
 *     primary bucket (rendered into the bundle; stable across runs)
 * @param cloudWatchEndpoint where the edge's beacon endpoint writes client errors (rendered into the bundle)
 * @param clientErrorThreshold client errors of the green build per minute that stop the shift and roll back (the
 *     alarm {@link ClientErrorAlarm}); 0 disables that alarm (beacons are still counted)
 * @param refreshSeconds how often an edge container refreshes the weights at most
 * @param aliasCacheSeconds how long the regional weights answer caches GetAlias
 * @param pollInterval how often deployments, aliases and distributions are polled
 * @param distributionTimeout how long CloudFront may take to deploy a change
 * @param shiftTimeout how long a shift may take beyond its schedule before the watch gives up (the shift goes on)
 * @param staleLockAge how old another deployer's lock must be before it may be broken
 * @param breakStaleLock break a lock older than {@code staleLockAge} (explicit, never automatic)
 */
public record ReleaseSettings(String functionName, String alias, String functionRoleArn, String distributionId,
        String entryPathPattern, String assetPathPattern, ShiftSchedule schedule, String applicationName,
        String deploymentGroupName, String codeDeployRoleArn, List<String> alarms, boolean overrideAlarms,
        String lambdaEndpoint, String s3Endpoint, String cloudWatchEndpoint, int clientErrorThreshold, int refreshSeconds,
        int aliasCacheSeconds, Duration pollInterval,
        Duration distributionTimeout, Duration shiftTimeout, Duration staleLockAge, boolean breakStaleLock) {

    public static final String DEFAULT_ALIAS = "live";
    public static final String EDGE_REGION = "us-east-1";
    public static final String DEFAULT_ENTRY_PATH_PATTERN = "/assets/index.js";
    public static final String DEFAULT_LAMBDA_ENDPOINT = "https://lambda.us-east-1.amazonaws.com";
    /** How old another deployer's lock must be before {@code breakStaleLock} may break it. */
    public static final Duration DEFAULT_STALE_LOCK_AGE = Duration.ofHours(2);
    public static final String DEFAULT_S3_ENDPOINT = "https://s3.us-east-1.amazonaws.com";
    public static final String DEFAULT_CLOUDWATCH_ENDPOINT = "https://monitoring.us-east-1.amazonaws.com";
    /**
     * Client errors of the green build in one minute that roll it back. Isolated errors of a healthy widget (browser
     * extensions, flaky networks) stay well below; a build broken for every viewer crosses it within a minute once
     * two viewers a minute reach it (each page sends at most 5 beacons). Low-traffic widgets lower it.
     */
    public static final int DEFAULT_CLIENT_ERROR_THRESHOLD = 10;
    public static final int MAX_ALARMS = 10;
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}");

    public ReleaseSettings {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(distributionId, "distributionId");
        Objects.requireNonNull(entryPathPattern, "entryPathPattern");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(deploymentGroupName, "deploymentGroupName");
        Objects.requireNonNull(lambdaEndpoint, "lambdaEndpoint");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(cloudWatchEndpoint, "cloudWatchEndpoint");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(distributionTimeout, "distributionTimeout");
        Objects.requireNonNull(shiftTimeout, "shiftTimeout");
        Objects.requireNonNull(staleLockAge, "staleLockAge");
        alarms = List.copyOf(alarms);
    }

    public static Builder builder(String functionName, String distributionId) {
        return new Builder(functionName, distributionId);
    }

    public Builder toBuilder() {
        Builder builder = new Builder(functionName, distributionId);
        builder.alias = alias;
        builder.functionRoleArn = functionRoleArn;
        builder.entryPathPattern = entryPathPattern;
        builder.assetPathPattern = assetPathPattern;
        builder.schedule = schedule;
        builder.applicationName = applicationName;
        builder.deploymentGroupName = deploymentGroupName;
        builder.codeDeployRoleArn = codeDeployRoleArn;
        builder.alarms = alarms;
        builder.overrideAlarms = overrideAlarms;
        builder.lambdaEndpoint = lambdaEndpoint;
        builder.s3Endpoint = s3Endpoint;
        builder.cloudWatchEndpoint = cloudWatchEndpoint;
        builder.clientErrorThreshold = clientErrorThreshold;
        builder.refreshSeconds = refreshSeconds;
        builder.aliasCacheSeconds = aliasCacheSeconds;
        builder.pollInterval = pollInterval;
        builder.distributionTimeout = distributionTimeout;
        builder.shiftTimeout = shiftTimeout;
        builder.staleLockAge = staleLockAge;
        builder.breakStaleLock = breakStaleLock;
        return builder;
    }

    /**
     * The release section of the edge config this release renders: its regional weights answers share their GetAlias
     * cache through {@code primaryBucket} (us-east-1, like the function).
     */
    public EdgeConfig.Release edgeRelease(String primaryBucket) {
        return new EdgeConfig.Release(functionName, alias, EDGE_REGION, lambdaEndpoint, refreshSeconds,
                aliasCacheSeconds, cloudWatchEndpoint).sharingWeightsIn(primaryBucket, s3Endpoint);
    }

    /** The alarm on the green build's client errors, empty when {@code clientErrorThreshold} is 0. */
    public java.util.Optional<ClientErrorAlarm> clientErrorAlarm() {
        return clientErrorThreshold > 0 ? java.util.Optional.of(new ClientErrorAlarm(functionName,
                clientErrorThreshold)) : java.util.Optional.empty();
    }

    /** The alarms a deployment watches: the configured ones and the client error alarm. */
    public List<String> deploymentAlarms() {
        List<String> all = new ArrayList<>(alarms);
        clientErrorAlarm().map(ClientErrorAlarm::name).filter(name -> !all.contains(name)).ifPresent(all::add);
        return List.copyOf(all);
    }

    /** Every problem of these settings, or nothing. */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>(schedule.problems());
        if (!FUNCTION_NAME.matcher(functionName).matches()) {
            problems.add(new Problem("<release><functionName>", "'" + functionName + "' is not a Lambda function"
                    + " name.", "use 1–64 letters, digits, '-' or '_'."));
        }
        if (!ALIAS.matcher(alias).matches()) {
            problems.add(new Problem("<release><alias>", "'" + alias + "' is not a Lambda alias name.",
                    "use letters, digits, '-' or '_', not only digits."));
        }
        if (deploymentAlarms().size() > MAX_ALARMS) {
            problems.add(new Problem("<release><alarms>", deploymentAlarms().size() + " alarms (the client error"
                    + " alarm counts as one); a CodeDeploy deployment group takes at most " + MAX_ALARMS + ".",
                    "combine alarms into a composite alarm."));
        }
        if (clientErrorThreshold < 0) {
            problems.add(new Problem("<clientErrorThreshold>", "clientErrorThreshold is " + clientErrorThreshold
                    + ".", "give the client errors per minute that roll a build back, or 0 for no such alarm."));
        }
        if (alarms.stream().anyMatch(name -> name == null || name.isBlank())) {
            problems.add(new Problem("<release><alarms>", "an alarm name is empty.", "name each alarm."));
        }
        if (distributionId.isBlank()) {
            problems.add(new Problem("<release><distributionId>", "no distribution given.",
                    "give the CloudFront distribution's id."));
        }
        if (!entryPathPattern.startsWith("/") || (assetPathPattern != null && assetPathPattern.isBlank())) {
            problems.add(new Problem("<release><entryPathPattern>", "'" + entryPathPattern + "' is not a path"
                    + " pattern of the distribution.", "give the entry behavior's path pattern, e.g. "
                    + DEFAULT_ENTRY_PATH_PATTERN + "."));
        }
        if (refreshSeconds < 1 || aliasCacheSeconds < 0) {
            problems.add(new Problem("<release><refreshSeconds>", "refreshSeconds " + refreshSeconds
                    + " / aliasCacheSeconds " + aliasCacheSeconds + " out of range.",
                    "give refreshSeconds >= 1 and aliasCacheSeconds >= 0."));
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || distributionTimeout.isNegative()
                || shiftTimeout.isNegative() || staleLockAge.isNegative()) {
            problems.add(new Problem("<release>", "a poll interval or timeout is not positive.",
                    "give positive durations."));
        }
        return problems;
    }

    /** @throws InvalidInputException listing every problem */
    public ReleaseSettings validate() {
        List<Problem> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The release settings are invalid", problems);
        }
        return this;
    }

    /** Settings with defaults for everything but the function and the distribution. */
    public static final class Builder {
        private final String functionName;
        private final String distributionId;
        private String alias = DEFAULT_ALIAS;
        private String functionRoleArn;
        private String entryPathPattern = DEFAULT_ENTRY_PATH_PATTERN;
        private String assetPathPattern;
        private ShiftSchedule schedule = ShiftSchedule.predefined("LambdaCanary10Percent5Minutes");
        private String applicationName;
        private String deploymentGroupName;
        private String codeDeployRoleArn;
        private List<String> alarms = List.of();
        private boolean overrideAlarms;
        private String lambdaEndpoint = DEFAULT_LAMBDA_ENDPOINT;
        private String s3Endpoint = DEFAULT_S3_ENDPOINT;
        private String cloudWatchEndpoint = DEFAULT_CLOUDWATCH_ENDPOINT;
        private int clientErrorThreshold = DEFAULT_CLIENT_ERROR_THRESHOLD;
        private int refreshSeconds = 10;
        private int aliasCacheSeconds = 2;
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration distributionTimeout = Duration.ofMinutes(30);
        private Duration shiftTimeout = Duration.ofMinutes(30);
        private Duration staleLockAge = DEFAULT_STALE_LOCK_AGE;
        private boolean breakStaleLock;

        private Builder(String functionName, String distributionId) {
            this.functionName = Objects.requireNonNull(functionName, "functionName");
            this.distributionId = Objects.requireNonNull(distributionId, "distributionId");
        }

        public Builder alias(String value) { alias = value; return this; }
        public Builder functionRoleArn(String value) { functionRoleArn = value; return this; }
        public Builder entryPathPattern(String value) { entryPathPattern = value; return this; }
        public Builder assetPathPattern(String value) { assetPathPattern = value; return this; }
        public Builder schedule(ShiftSchedule value) { schedule = value; return this; }
        public Builder applicationName(String value) { applicationName = value; return this; }
        public Builder deploymentGroupName(String value) { deploymentGroupName = value; return this; }
        public Builder codeDeployRoleArn(String value) { codeDeployRoleArn = value; return this; }
        public Builder alarms(List<String> value) { alarms = List.copyOf(value); return this; }
        public Builder overrideAlarms(boolean value) { overrideAlarms = value; return this; }
        public Builder lambdaEndpoint(String value) { lambdaEndpoint = value; return this; }
        public Builder s3Endpoint(String value) { s3Endpoint = value; return this; }
        public Builder cloudWatchEndpoint(String value) { cloudWatchEndpoint = value; return this; }
        public Builder clientErrorThreshold(int value) { clientErrorThreshold = value; return this; }
        public Builder refreshSeconds(int value) { refreshSeconds = value; return this; }
        public Builder aliasCacheSeconds(int value) { aliasCacheSeconds = value; return this; }
        public Builder pollInterval(Duration value) { pollInterval = value; return this; }
        public Builder distributionTimeout(Duration value) { distributionTimeout = value; return this; }
        public Builder shiftTimeout(Duration value) { shiftTimeout = value; return this; }
        public Builder staleLockAge(Duration value) { staleLockAge = value; return this; }
        public Builder breakStaleLock(boolean value) { breakStaleLock = value; return this; }

        /** Application and group default to the function's name. */
        public ReleaseSettings build() {
            return new ReleaseSettings(functionName, alias, functionRoleArn, distributionId, entryPathPattern,
                    assetPathPattern, schedule, applicationName == null ? functionName : applicationName,
                    deploymentGroupName == null ? functionName : deploymentGroupName, codeDeployRoleArn, alarms,
                    overrideAlarms, lambdaEndpoint, s3Endpoint, cloudWatchEndpoint, clientErrorThreshold, refreshSeconds,
                    aliasCacheSeconds, pollInterval, distributionTimeout, shiftTimeout, staleLockAge, breakStaleLock);
        }
    }
}
