package dev.edgedeploy.maven;

/** Every user property of the plugin: {@code -DedgeDeploy.<name>}. The one home of these strings. */
public final class PropertyNames {

    public static final String SKIP = "edgeDeploy.skip";
    public static final String SKIP_BUILD_ID = "edgeDeploy.build-id.skip";
    public static final String SKIP_PACKAGE = "edgeDeploy.package.skip";
    public static final String SKIP_DEPLOY = "edgeDeploy.deploy.skip";
    public static final String SKIP_SANDBOX = "edgeDeploy.sandbox.skip";

    public static final String BUILD_ID = "edgeDeploy.buildId";
    public static final String BUILD_ID_STRATEGY = "edgeDeploy.buildIdStrategy";
    public static final String DIST_DIRECTORY = "edgeDeploy.distDirectory";
    public static final String ENTRY = "edgeDeploy.entry";
    public static final String OUTPUT_DIRECTORY = "edgeDeploy.outputDirectory";
    public static final String TRIGGER = "edgeDeploy.trigger";
    public static final String GZIP_LEVEL = "edgeDeploy.gzipLevel";
    public static final String BROTLI = "edgeDeploy.brotli";
    public static final String BROTLI_QUALITY = "edgeDeploy.brotliQuality";
    public static final String COMPRESSION_CACHE = "edgeDeploy.compressionCache";
    public static final String CORS_ALLOW_ORIGIN = "edgeDeploy.corsAllowOrigin";

    public static final String TARGET = "edgeDeploy.target";
    public static final String DOMAIN = "edgeDeploy.domain";
    public static final String SANDBOX_DIRECTORY = "edgeDeploy.sandbox.directory";
    public static final String SANDBOX_STOP_AFTER = "edgeDeploy.sandbox.stopAfter";
    public static final String SANDBOX_BASE_PORT = "edgeDeploy.sandbox.basePort";
    public static final String SANDBOX_TIME_SCALE = "edgeDeploy.sandbox.timeScale";
    public static final String PROFILE = "edgeDeploy.profile";
    public static final String ROLE_ARN = "edgeDeploy.roleArn";
    public static final String CONCURRENCY = "edgeDeploy.concurrency";
    public static final String MAX_ATTEMPTS = "edgeDeploy.maxAttempts";

    public static final String FUNCTION_NAME = "edgeDeploy.functionName";
    public static final String DISTRIBUTION_ID = "edgeDeploy.distributionId";
    public static final String FUNCTION_ROLE_ARN = "edgeDeploy.functionRoleArn";
    public static final String CODEDEPLOY_ROLE_ARN = "edgeDeploy.codeDeployRoleArn";
    public static final String DEPLOYMENT_CONFIG = "edgeDeploy.deploymentConfig";
    public static final String CANARY_PERCENTAGE = "edgeDeploy.canaryPercentage";
    public static final String CANARY_INTERVAL = "edgeDeploy.canaryInterval";
    public static final String LINEAR_PERCENTAGE = "edgeDeploy.linearPercentage";
    public static final String LINEAR_INTERVAL = "edgeDeploy.linearInterval";
    public static final String ALARMS = "edgeDeploy.alarms";
    public static final String OVERRIDE_ALARMS = "edgeDeploy.overrideAlarms";
    public static final String BREAK_STALE_LOCK = "edgeDeploy.breakStaleLock";
    public static final String REFRESH_SECONDS = "edgeDeploy.refreshSeconds";
    public static final String OUTPUT = "edgeDeploy.output";
    public static final String TO = "edgeDeploy.to";
    public static final String SKIP_STATUS = "edgeDeploy.status.skip";
    public static final String SKIP_ROLLBACK = "edgeDeploy.rollback.skip";
    public static final String CLIENT_ERROR_THRESHOLD = "edgeDeploy.clientErrorThreshold";
    public static final String SANDBOX_HOST_PAGE = "edgeDeploy.sandbox.hostPage";

    private PropertyNames() {
    }
}
