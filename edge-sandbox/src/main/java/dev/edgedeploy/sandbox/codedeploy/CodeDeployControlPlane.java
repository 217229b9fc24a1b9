package dev.edgedeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgedeploy.sandbox.StateFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * CodeDeploy's control plane for the Lambda compute platform: applications, deployment groups, deployment
 * configurations and deployments, validated as the API reference describes each operation's errors, answering in
 * the JSON shapes of the service model (codedeploy-2014-10-06).
 */
final class CodeDeployControlPlane {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("d-[A-Z0-9]{9}");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int MAX_ALARMS = 10;
    private static final int MAX_NAME = 100;
    private static final int PAGE = 100;
    private static final String ROLLBACK_CREATOR = "codeDeployRollback";

    private final ObjectMapper json;
    private final Clock clock;
    private final BiConsumer<Deployment, CodeDeployControlPlane> runner;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Map<String, DeploymentGroup> groups = new LinkedHashMap<>();
    private final Map<String, DeploymentConfig> configs = new LinkedHashMap<>(DeploymentConfig.predefined());
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();

    private final String region;
    private final StateFile<CodeDeployState> stateFile;
    private final List<TrafficShift> history;
    private boolean persisting = true;

    /**
     * @param runner starts a created deployment's run (which registers its rollback here)
     * @param history the traffic history the runs append to, stored with the rest
     */
    CodeDeployControlPlane(ObjectMapper json, Clock clock, BiConsumer<Deployment, CodeDeployControlPlane> runner,
            String region, StateFile<CodeDeployState> stateFile, List<TrafficShift> history) {
        this.json = json;
        this.clock = clock;
        this.runner = runner;
        this.region = region;
        this.stateFile = stateFile;
        this.history = history;
    }

    // ---- state on disk

    /**
     * Takes back what an earlier run of the sandbox stored and resumes the deployments that were running: each goes
     * on from its last recorded traffic step, as CodeDeploy would have gone on while the sandbox was stopped. A
     * rollback deployment that was running is marked Failed; the deployment it rolled back rolls back again.
     *
     * @throws IllegalStateException naming the file and the fix, when it is another region's or unusable
     */
    void restore() {
        List<Deployment> resumed = new ArrayList<>();
        List<Deployment> abandonedRollbacks = new ArrayList<>();
        synchronized (this) {
            Optional<CodeDeployState> stored = stateFile.read();
            if (stored.isEmpty()) {
                return;
            }
            CodeDeployState state = stored.get();
            if (!region.equals(state.region())) {
                throw stateFile.unusable("it holds the CodeDeploy state of " + state.region()
                        + " and this sandbox serves " + region, null);
            }
            try {
                state.applications().forEach(application -> applications.put(application.name(),
                        application.toApplication()));
                state.groups().forEach(group -> groups.put(groupKey(group.applicationName(), group.name()), group));
                state.configs().forEach(config -> configs.put(config.name(), config.toConfig()));
                for (CodeDeployState.StoredDeployment storedDeployment : state.deployments()) {
                    Deployment deployment = storedDeployment.toDeployment();
                    deployments.put(deployment.id, deployment);
                    deployment.onChange(this::persist);
                    if (deployment.active()) {
                        (deployment.creator.equals(ROLLBACK_CREATOR) ? abandonedRollbacks : resumed).add(deployment);
                    }
                }
                state.trafficHistory().forEach(shift -> history.add(shift.toShift()));
            } catch (RuntimeException e) {
                throw stateFile.unusable("a deployment or configuration in it cannot be restored (" + e.getMessage()
                        + ")", e);
            }
        }
        for (Deployment rollback : abandonedRollbacks) {
            rollback.complete("Failed", clock.instant(), "INTERNAL_ERROR", "The sandbox stopped during this "
                    + "rollback; the deployment it rolls back was rolled back again when the sandbox started.");
        }
        resumed.forEach(deployment -> runner.accept(deployment, this));
    }

    /** The rollback deployment started for {@code triggering}, if one was. */
    synchronized Optional<Deployment> rollbackOf(Deployment triggering) {
        return deployments.values().stream()
                .filter(d -> triggering.id.equals(d.snapshot().rollbackTriggeringDeploymentId())).findFirst();
    }

    /** Stops writing the state: what runs cut short by a shutdown do afterwards is not the service's state. */
    synchronized void stopPersisting() {
        persisting = false;
    }

    /** The state as stored, for state dumps. */
    synchronized JsonNode stateDump() {
        return stateFile.toJson(snapshot());
    }

    private synchronized void persist() {
        if (persisting) {
            stateFile.write(snapshot());
        }
    }

    private CodeDeployState snapshot() {
        Map<String, DeploymentConfig> predefined = DeploymentConfig.predefined();
        return new CodeDeployState(region,
                applications.values().stream().map(CodeDeployState.StoredApplication::of).toList(),
                List.copyOf(groups.values()),
                configs.values().stream().filter(config -> !predefined.containsKey(config.name()))
                        .map(CodeDeployState.StoredConfig::of).toList(),
                deployments.values().stream().map(CodeDeployState.StoredDeployment::of).toList(),
                history.stream().map(CodeDeployState.StoredShift::of).toList());
    }

    // ---- applications

    synchronized ObjectNode createApplication(JsonNode request) {
        String name = applicationName(request);
        String platform = text(request, "computePlatform");
        if (platform == null) {
            platform = "Server";
        }
        if (!List.of("Server", "Lambda", "ECS").contains(platform)) {
            throw new CodeDeployError("InvalidComputePlatformException", "The computePlatform is invalid. The "
                    + "computePlatform should be Lambda, Server, or ECS.");
        }
        if (applications.containsKey(name)) {
            throw new CodeDeployError("ApplicationAlreadyExistsException",
                    "An application with the specified name with the user or AWS account already exists.");
        }
        Application application = new Application(name, UUID.randomUUID().toString(), platform, clock.instant());
        applications.put(name, application);
        persist();
        return json.createObjectNode().put("applicationId", application.id());
    }

    synchronized ObjectNode getApplication(JsonNode request) {
        Application application = application(applicationName(request));
        ObjectNode info = json.createObjectNode()
                .put("applicationId", application.id())
                .put("applicationName", application.name())
                .put("createTime", epoch(application.createTime()))
                .put("linkedToGitHub", false)
                .put("computePlatform", application.computePlatform());
        ObjectNode response = json.createObjectNode();
        response.set("application", info);
        return response;
    }

    // ---- deployment configurations

    synchronized ObjectNode createDeploymentConfig(JsonNode request) {
        String name = text(request, "deploymentConfigName");
        if (name == null || name.isEmpty()) {
            throw new CodeDeployError("DeploymentConfigNameRequiredException",
                    "The deployment configuration name was not specified.");
        }
        if (name.length() > MAX_NAME || name.startsWith("CodeDeployDefault.")) {
            throw new CodeDeployError("InvalidDeploymentConfigNameException",
                    "The deployment configuration name was specified in an invalid format.");
        }
        if (configs.containsKey(name)) {
            throw new CodeDeployError("DeploymentConfigAlreadyExistsException",
                    "A deployment configuration with the specified name with the user or AWS account already "
                            + "exists.");
        }
        String platform = text(request, "computePlatform");
        if (platform == null) {
            platform = "Server";
        }
        if (!List.of("Server", "Lambda", "ECS").contains(platform)) {
            throw new CodeDeployError("InvalidComputePlatformException", "The computePlatform is invalid. The "
                    + "computePlatform should be Lambda, Server, or ECS.");
        }
        JsonNode minimumHealthyHosts = request.get("minimumHealthyHosts");
        JsonNode routing = request.get("trafficRoutingConfig");
        DeploymentConfig config;
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        if (platform.equals("Server")) {
            if (routing != null && !routing.isNull()) {
                throw invalidRouting("Traffic routing configurations apply to Lambda and ECS deployments only.");
            }
            String type = minimumHealthyHosts == null ? null : text(minimumHealthyHosts, "type");
            JsonNode value = minimumHealthyHosts == null ? null : minimumHealthyHosts.get("value");
            if (type == null || value == null || !value.canConvertToInt()
                    || !List.of("HOST_COUNT", "FLEET_PERCENT").contains(type) || value.asInt() < 0
                    || (type.equals("FLEET_PERCENT") && value.asInt() > 99)) {
                throw new CodeDeployError("InvalidMinimumHealthyHostValueException",
                        "The minimum healthy instance value was specified in an invalid format.");
            }
            config = new DeploymentConfig(name, id, platform, null, 0, 0, type + ":" + value.asInt(), now);
        } else {
            if (minimumHealthyHosts != null && !minimumHealthyHosts.isNull()) {
                throw new CodeDeployError("InvalidMinimumHealthyHostValueException",
                        "The minimum healthy instance value was specified in an invalid format: minimum healthy "
                                + "hosts apply to the Server compute platform only.");
            }
            config = trafficRouting(name, id, platform, routing, now);
        }
        configs.put(name, config);
        persist();
        return json.createObjectNode().put("deploymentConfigId", id);
    }

    private DeploymentConfig trafficRouting(String name, String id, String platform, JsonNode routing, Instant now) {
        if (routing == null || routing.isNull()) {
            throw invalidRouting("A " + platform + " deployment configuration requires a trafficRoutingConfig.");
        }
        String type = text(routing, "type");
        if (type == null) {
            type = DeploymentConfig.ALL_AT_ONCE;
        }
        return switch (type) {
            case DeploymentConfig.ALL_AT_ONCE -> {
                if (routing.hasNonNull("timeBasedCanary") || routing.hasNonNull("timeBasedLinear")) {
                    throw invalidRouting("AllAtOnce takes neither timeBasedCanary nor timeBasedLinear.");
                }
                yield new DeploymentConfig(name, id, platform, type, 0, 0, null, now);
            }
            case DeploymentConfig.CANARY -> shifted(name, id, platform, type, routing, "timeBasedCanary",
                    "canaryPercentage", "canaryInterval", now);
            case DeploymentConfig.LINEAR -> shifted(name, id, platform, type, routing, "timeBasedLinear",
                    "linearPercentage", "linearInterval", now);
            default -> throw invalidRouting("Unknown traffic routing type " + type
                    + ": use TimeBasedCanary, TimeBasedLinear or AllAtOnce.");
        };
    }

    private DeploymentConfig shifted(String name, String id, String platform, String type, JsonNode routing,
            String member, String percentageField, String intervalField, Instant now) {
        JsonNode settings = routing.get(member);
        if (settings == null || settings.isNull()) {
            throw invalidRouting(type + " requires " + member + ".");
        }
        String other = member.equals("timeBasedCanary") ? "timeBasedLinear" : "timeBasedCanary";
        if (routing.hasNonNull(other)) {
            throw invalidRouting(type + " takes " + member + ", not " + other + ".");
        }
        JsonNode percentage = settings.get(percentageField);
        JsonNode interval = settings.get(intervalField);
        if (percentage == null || !percentage.canConvertToInt() || percentage.asInt() < 1
                || percentage.asInt() > 99) {
            throw invalidRouting(percentageField + " must be an integer from 1 to 99: " + percentage);
        }
        if (interval == null || !interval.canConvertToInt() || interval.asInt() < 1) {
            throw invalidRouting(intervalField + " must be at least 1 minute: " + interval);
        }
        DeploymentConfig config = new DeploymentConfig(name, id, platform, type, percentage.asInt(), interval.asInt(),
                null, now);
        if (config.shiftMinutes() > DeploymentConfig.MAX_SHIFT_MINUTES) {
            throw invalidRouting("The time between the first and the last traffic shift (" + config.shiftMinutes()
                    + " minutes) exceeds the maximum of " + DeploymentConfig.MAX_SHIFT_MINUTES + " minutes.");
        }
        return config;
    }

    private static CodeDeployError invalidRouting(String detail) {
        return new CodeDeployError("InvalidTrafficRoutingConfigurationException",
                "The configuration that specifies how traffic is routed during a deployment is invalid. " + detail);
    }

    synchronized ObjectNode getDeploymentConfig(JsonNode request) {
        String name = text(request, "deploymentConfigName");
        if (name == null || name.isEmpty()) {
            throw new CodeDeployError("DeploymentConfigNameRequiredException",
                    "The deployment configuration name was not specified.");
        }
        DeploymentConfig config = configs.get(name);
        if (config == null) {
            throw new CodeDeployError("DeploymentConfigDoesNotExistException",
                    "The deployment configuration does not exist with the user or AWS account.");
        }
        ObjectNode info = json.createObjectNode()
                .put("deploymentConfigId", config.id())
                .put("deploymentConfigName", config.name())
                .put("createTime", epoch(config.createTime()))
                .put("computePlatform", config.computePlatform());
        if (config.minimumHealthyHosts() != null) {
            String[] parts = config.minimumHealthyHosts().split(":");
            info.putObject("minimumHealthyHosts").put("type", parts[0]).put("value", Integer.parseInt(parts[1]));
        }
        if (config.trafficRoutingType() != null) {
            ObjectNode routing = info.putObject("trafficRoutingConfig").put("type", config.trafficRoutingType());
            if (config.trafficRoutingType().equals(DeploymentConfig.CANARY)) {
                routing.putObject("timeBasedCanary").put("canaryPercentage", config.percentage())
                        .put("canaryInterval", config.intervalMinutes());
            } else if (config.trafficRoutingType().equals(DeploymentConfig.LINEAR)) {
                routing.putObject("timeBasedLinear").put("linearPercentage", config.percentage())
                        .put("linearInterval", config.intervalMinutes());
            }
        }
        ObjectNode response = json.createObjectNode();
        response.set("deploymentConfigInfo", info);
        return response;
    }

    // ---- deployment groups

    synchronized ObjectNode createDeploymentGroup(JsonNode request) {
        Application application = application(applicationName(request));
        String name = groupName(request);
        if (groups.containsKey(groupKey(application.name(), name))) {
            throw new CodeDeployError("DeploymentGroupAlreadyExistsException",
                    "A deployment group with the specified name with the user or AWS account already exists.");
        }
        String role = text(request, "serviceRoleArn");
        if (role == null || role.isEmpty()) {
            throw new CodeDeployError("RoleRequiredException", "The role ID was not specified.");
        }
        if (!ROLE_ARN.matcher(role).matches()) {
            throw new CodeDeployError("InvalidRoleException", "The service role ARN was specified in an invalid "
                    + "format. Or, if an Auto Scaling group was specified, the specified service role does not grant "
                    + "the appropriate permissions to Amazon EC2 Auto Scaling.");
        }
        String configName = text(request, "deploymentConfigName");
        if (configName == null) {
            configName = defaultConfig(application.computePlatform());
        }
        deploymentConfig(configName, application.computePlatform());
        checkStyle(request.get("deploymentStyle"), application);
        AlarmConfiguration alarms = alarmConfiguration(request.get("alarmConfiguration"));
        AutoRollbackConfiguration rollback = autoRollback(request.get("autoRollbackConfiguration"));
        DeploymentGroup group = new DeploymentGroup(application.name(), name, UUID.randomUUID().toString(), role,
                configName, alarms, rollback, application.computePlatform());
        groups.put(groupKey(application.name(), name), group);
        persist();
        return json.createObjectNode().put("deploymentGroupId", group.id());
    }

    /** Changes the fields given; the others keep their values (UpdateDeploymentGroup). */
    synchronized ObjectNode updateDeploymentGroup(JsonNode request) {
        Application application = application(applicationName(request));
        String currentName = text(request, "currentDeploymentGroupName");
        if (currentName == null || currentName.isEmpty()) {
            throw new CodeDeployError("DeploymentGroupNameRequiredException",
                    "The deployment group name was not specified.");
        }
        DeploymentGroup current = group(application.name(), currentName);
        String newName = text(request, "newDeploymentGroupName");
        if (newName != null && (newName.isEmpty() || newName.length() > MAX_NAME)) {
            throw new CodeDeployError("InvalidDeploymentGroupNameException",
                    "The deployment group name was specified in an invalid format.");
        }
        if (newName != null && !newName.equals(currentName)
                && groups.containsKey(groupKey(application.name(), newName))) {
            throw new CodeDeployError("DeploymentGroupAlreadyExistsException",
                    "A deployment group with the specified name with the user or AWS account already exists.");
        }
        String role = text(request, "serviceRoleArn");
        if (role != null && !ROLE_ARN.matcher(role).matches()) {
            throw new CodeDeployError("InvalidRoleException", "The service role ARN was specified in an invalid "
                    + "format.");
        }
        String configName = text(request, "deploymentConfigName");
        if (configName != null) {
            deploymentConfig(configName, application.computePlatform());
        }
        checkStyle(request.get("deploymentStyle"), application);
        DeploymentGroup updated = new DeploymentGroup(application.name(), newName == null ? currentName : newName,
                current.id(), role == null ? current.serviceRoleArn() : role,
                configName == null ? current.deploymentConfigName() : configName,
                request.hasNonNull("alarmConfiguration") ? alarmConfiguration(request.get("alarmConfiguration"))
                        : current.alarmConfiguration(),
                request.hasNonNull("autoRollbackConfiguration")
                        ? autoRollback(request.get("autoRollbackConfiguration"))
                        : current.autoRollbackConfiguration(),
                current.computePlatform());
        groups.remove(groupKey(application.name(), currentName));
        groups.put(groupKey(application.name(), updated.name()), updated);
        persist();
        ObjectNode response = json.createObjectNode();
        response.putArray("hooksNotCleanedUp");
        return response;
    }

    synchronized ObjectNode getDeploymentGroup(JsonNode request) {
        Application application = application(applicationName(request));
        DeploymentGroup group = group(application.name(), groupName(request));
        ObjectNode info = json.createObjectNode()
                .put("applicationName", group.applicationName())
                .put("deploymentGroupId", group.id())
                .put("deploymentGroupName", group.name())
                .put("deploymentConfigName", group.deploymentConfigName())
                .put("serviceRoleArn", group.serviceRoleArn())
                .put("computePlatform", group.computePlatform());
        info.set("alarmConfiguration", alarmJson(group.alarmConfiguration()));
        info.set("autoRollbackConfiguration", rollbackJson(group.autoRollbackConfiguration()));
        if (group.computePlatform().equals("Lambda")) {
            info.putObject("deploymentStyle").put("deploymentType", "BLUE_GREEN")
                    .put("deploymentOption", "WITH_TRAFFIC_CONTROL");
        }
        Deployment last = null;
        Deployment lastSucceeded = null;
        for (Deployment deployment : deployments.values()) {
            if (deployment.applicationName.equals(group.applicationName())
                    && deployment.groupName.equals(group.name())) {
                last = deployment;
                if (deployment.status().equals("Succeeded")) {
                    lastSucceeded = deployment;
                }
            }
        }
        if (last != null) {
            info.set("lastAttemptedDeployment", lastDeployment(last));
        }
        if (lastSucceeded != null) {
            info.set("lastSuccessfulDeployment", lastDeployment(lastSucceeded));
        }
        ObjectNode response = json.createObjectNode();
        response.set("deploymentGroupInfo", info);
        return response;
    }

    private ObjectNode lastDeployment(Deployment deployment) {
        Deployment.Snapshot snapshot = deployment.snapshot();
        ObjectNode node = json.createObjectNode().put("deploymentId", deployment.id).put("status", snapshot.status())
                .put("createTime", epoch(deployment.createTime));
        if (snapshot.completeTime() != null) {
            node.put("endTime", epoch(snapshot.completeTime()));
        }
        return node;
    }

    private void checkStyle(JsonNode style, Application application) {
        if (style != null && !style.isNull() && application.computePlatform().equals("Lambda")) {
            String type = text(style, "deploymentType");
            String option = text(style, "deploymentOption");
            if ((type != null && !type.equals("BLUE_GREEN"))
                    || (option != null && !option.equals("WITH_TRAFFIC_CONTROL"))) {
                throw new CodeDeployError("InvalidDeploymentStyleException",
                        "An invalid deployment style was specified. Lambda deployments are BLUE_GREEN with "
                                + "WITH_TRAFFIC_CONTROL.");
            }
        }
    }

    private AlarmConfiguration alarmConfiguration(JsonNode node) {
        if (node == null || node.isNull()) {
            return AlarmConfiguration.NONE;
        }
        boolean enabled = node.path("enabled").asBoolean(false);
        boolean ignore = node.path("ignorePollAlarmFailure").asBoolean(false);
        List<String> names = new ArrayList<>();
        JsonNode alarms = node.get("alarms");
        if (alarms != null && !alarms.isNull()) {
            Set<String> seen = new HashSet<>();
            for (JsonNode alarm : alarms) {
                String name = alarm == null ? null : text(alarm, "name");
                if (name == null || name.isEmpty() || name.length() > 255 || !seen.add(name)) {
                    throw invalidAlarmConfig();
                }
                names.add(name);
            }
        }
        if (names.size() > MAX_ALARMS) {
            throw new CodeDeployError("AlarmsLimitExceededException",
                    "The maximum number of alarms for a deployment group (10) was exceeded.");
        }
        if (enabled && names.isEmpty()) {
            throw invalidAlarmConfig();
        }
        return new AlarmConfiguration(enabled, ignore, names);
    }

    private static CodeDeployError invalidAlarmConfig() {
        return new CodeDeployError("InvalidAlarmConfigException", "The format of the alarm configuration is not "
                + "valid. Possible causes include: The alarm list is null. The alarm object is null. The alarm name "
                + "is empty or null or exceeds the limit of 255 characters. Two alarms with the same name have been "
                + "specified. The alarm configuration is enabled, but the alarm list is empty.");
    }

    private AutoRollbackConfiguration autoRollback(JsonNode node) {
        if (node == null || node.isNull()) {
            return AutoRollbackConfiguration.NONE;
        }
        boolean enabled = node.path("enabled").asBoolean(false);
        List<String> events = new ArrayList<>();
        for (JsonNode event : node.path("events")) {
            if (!event.isTextual() || !AutoRollbackConfiguration.EVENTS.contains(event.asText())) {
                throw invalidRollbackConfig();
            }
            if (!events.contains(event.asText())) {
                events.add(event.asText());
            }
        }
        if (enabled && events.isEmpty()) {
            throw invalidRollbackConfig();
        }
        return new AutoRollbackConfiguration(enabled, events);
    }

    private static CodeDeployError invalidRollbackConfig() {
        return new CodeDeployError("InvalidAutoRollbackConfigException", "The automatic rollback configuration "
                + "was specified in an invalid format. For example, automatic rollback is enabled, but an invalid "
                + "triggering event type or no event types were listed.");
    }

    // ---- deployments

    synchronized ObjectNode createDeployment(JsonNode request) {
        Application application = application(applicationName(request));
        DeploymentGroup group = group(application.name(), groupName(request));
        if (!group.computePlatform().equals("Lambda")) {
            throw new CodeDeployError("InvalidComputePlatformException", "The edge-deploy sandbox runs deployments "
                    + "of the Lambda compute platform only, not " + group.computePlatform() + ".");
        }
        JsonNode revision = request.get("revision");
        if (revision == null || revision.isNull()) {
            throw new CodeDeployError("RevisionRequiredException", "The revision ID was not specified.");
        }
        String content = appSpecContent(revision);
        String configName = text(request, "deploymentConfigName");
        DeploymentConfig config = deploymentConfig(configName == null ? group.deploymentConfigName() : configName,
                group.computePlatform());
        AutoRollbackConfiguration rollback = request.hasNonNull("autoRollbackConfiguration")
                ? autoRollback(request.get("autoRollbackConfiguration"))
                : group.autoRollbackConfiguration();
        AlarmConfiguration alarms = request.hasNonNull("overrideAlarmConfiguration")
                ? alarmConfiguration(request.get("overrideAlarmConfiguration"))
                : group.alarmConfiguration();
        String description = text(request, "description");
        if (description != null && description.length() > 100) {
            throw new CodeDeployError("DescriptionTooLongException", "The description is too long.");
        }
        for (Deployment existing : deployments.values()) {
            if (existing.applicationName.equals(application.name()) && existing.groupName.equals(group.name())
                    && existing.active()) {
                // the in-flight deployment's id travels in the message only (aws/aws-sdk-java#757)
                throw new CodeDeployError("DeploymentLimitExceededException", "The Deployment Group '"
                        + group.name() + "' already has an active Deployment '" + existing.id + "'");
            }
        }
        AppSpec appSpec = AppSpec.parse(content);
        Deployment deployment = new Deployment(newDeploymentId(), application.name(), group.name(), config,
                revision.deepCopy(), appSpec, description, "user", rollback, alarms, clock.instant());
        deployments.put(deployment.id, deployment);
        deployment.onChange(this::persist);
        persist();
        runner.accept(deployment, this);
        return json.createObjectNode().put("deploymentId", deployment.id);
    }

    /** Registers the deployment that restores the original version after {@code triggering} stopped or failed. */
    synchronized Deployment createRollback(Deployment triggering) {
        AppSpec original = triggering.appSpec;
        AppSpec reverse = new AppSpec(original.functionName(), original.alias(), original.targetVersion(),
                original.currentVersion(), null, null, List.of());
        Deployment rollback = new Deployment(newDeploymentId(), triggering.applicationName, triggering.groupName,
                DeploymentConfig.predefinedLambda().get("CodeDeployDefault.LambdaAllAtOnce"), triggering.revision,
                reverse, null, ROLLBACK_CREATOR, AutoRollbackConfiguration.NONE, AlarmConfiguration.NONE,
                clock.instant());
        rollback.rollsBack(triggering.id);
        deployments.put(rollback.id, rollback);
        rollback.onChange(this::persist);
        persist();
        return rollback;
    }

    private String appSpecContent(JsonNode revision) {
        String type = text(revision, "revisionType");
        if (type == null) {
            throw new CodeDeployError("InvalidRevisionException", "The revision was specified in an invalid format: "
                    + "revisionType is required.");
        }
        JsonNode appSpec = switch (type) {
            case "AppSpecContent" -> revision.get("appSpecContent");
            case "String" -> revision.get("string");
            case "S3", "GitHub" -> throw new CodeDeployError("InvalidRevisionException", "The edge-deploy sandbox "
                    + "deploys AppSpecContent (or String) revisions only, not " + type + ".");
            default -> throw new CodeDeployError("InvalidRevisionException",
                    "The revision was specified in an invalid format: unknown revisionType " + type + ".");
        };
        String content = appSpec == null ? null : text(appSpec, "content");
        if (content == null || content.isBlank()) {
            throw new CodeDeployError("InvalidRevisionException",
                    "The revision was specified in an invalid format: the AppSpec content is missing.");
        }
        String sha256 = text(appSpec, "sha256");
        if (sha256 != null && !sha256.equalsIgnoreCase(sha256(content))) {
            throw new CodeDeployError("InvalidRevisionException",
                    "The revision was specified in an invalid format: the sha256 does not match the AppSpec "
                            + "content.");
        }
        return content;
    }

    synchronized ObjectNode getDeployment(JsonNode request) {
        Deployment deployment = deployment(text(request, "deploymentId"));
        ObjectNode response = json.createObjectNode();
        response.set("deploymentInfo", deploymentInfo(deployment));
        return response;
    }

    synchronized ObjectNode listDeployments(JsonNode request) {
        String applicationName = text(request, "applicationName");
        String groupName = text(request, "deploymentGroupName");
        if (groupName != null && applicationName == null) {
            throw new CodeDeployError("ApplicationNameRequiredException",
                    "The minimum number of required application names was not specified.");
        }
        if (applicationName != null) {
            application(applicationName);
            if (groupName == null) {
                throw new CodeDeployError("DeploymentGroupNameRequiredException",
                        "The deployment group name was not specified.");
            }
            group(applicationName, groupName);
        }
        List<String> statuses = new ArrayList<>();
        for (JsonNode status : request.path("includeOnlyStatuses")) {
            if (!Deployment.STATUSES.contains(status.asText())) {
                throw new CodeDeployError("InvalidDeploymentStatusException",
                        "The specified deployment status doesn't exist or cannot be determined.");
            }
            statuses.add(status.asText());
        }
        JsonNode range = request.get("createTimeRange");
        Double after = range == null || !range.hasNonNull("start") ? null : range.get("start").asDouble();
        Double before = range == null || !range.hasNonNull("end") ? null : range.get("end").asDouble();
        List<Deployment> matching = new ArrayList<>();
        for (Deployment deployment : deployments.values()) {
            double created = epoch(deployment.createTime);
            if ((after != null && created < after) || (before != null && created > before)) {
                continue;
            }
            if (applicationName != null && (!deployment.applicationName.equals(applicationName)
                    || !deployment.groupName.equals(groupName))) {
                continue;
            }
            if (!statuses.isEmpty() && !statuses.contains(deployment.status())) {
                continue;
            }
            matching.add(0, deployment);
        }
        int start = 0;
        String token = text(request, "nextToken");
        if (token != null) {
            try {
                start = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                start = -1;
            }
            if (start < 0 || start > matching.size()) {
                throw new CodeDeployError("InvalidNextTokenException", "The next token was specified in an invalid "
                        + "format.");
            }
        }
        int end = Math.min(matching.size(), start + PAGE);
        ObjectNode response = json.createObjectNode();
        ArrayNode ids = response.putArray("deployments");
        matching.subList(start, end).forEach(deployment -> ids.add(deployment.id));
        if (end < matching.size()) {
            response.put("nextToken", Integer.toString(end));
        }
        return response;
    }

    synchronized ObjectNode stopDeployment(JsonNode request) {
        Deployment deployment = deployment(text(request, "deploymentId"));
        JsonNode rollback = request.get("autoRollbackEnabled");
        if (!deployment.active()) {
            throw new CodeDeployError("DeploymentAlreadyCompletedException", "The deployment is already complete.");
        }
        deployment.requestStop(rollback == null || rollback.isNull() ? null : rollback.asBoolean());
        return json.createObjectNode().put("status", "Pending")
                .put("statusMessage", "Stopping Pending. Stopping to deploy the application revision.");
    }

    ObjectNode putLifecycleEventHookExecutionStatus(JsonNode request) {
        Deployment deployment;
        synchronized (this) {
            deployment = deployment(text(request, "deploymentId"));
        }
        String executionId = text(request, "lifecycleEventHookExecutionId");
        String status = text(request, "status");
        if (executionId == null) {
            throw new CodeDeployError("InvalidLifecycleEventHookExecutionIdException",
                    "A lifecycle event hook is invalid. Review the hooks section in your AppSpec file to ensure the "
                            + "lifecycle events and hooks functions are valid.");
        }
        if (status == null || !List.of("Succeeded", "Failed").contains(status)) {
            throw new CodeDeployError("InvalidLifecycleEventHookExecutionStatusException",
                    "The result of a Lambda validation function that verifies a lifecycle event is invalid. It "
                            + "should return Succeeded or Failed.");
        }
        deployment.reportHook(executionId, status);
        return json.createObjectNode().put("lifecycleEventHookExecutionId", executionId);
    }

    synchronized Deployment deploymentById(String id) {
        return deployment(id);
    }

    // ---- rendering and lookups

    private ObjectNode deploymentInfo(Deployment deployment) {
        Deployment.Snapshot snapshot = deployment.snapshot();
        ObjectNode info = json.createObjectNode()
                .put("applicationName", deployment.applicationName)
                .put("deploymentGroupName", deployment.groupName)
                .put("deploymentConfigName", deployment.config.name())
                .put("deploymentId", deployment.id)
                .put("status", snapshot.status())
                .put("createTime", epoch(deployment.createTime))
                .put("creator", deployment.creator)
                .put("ignoreApplicationStopFailures", false)
                .put("updateOutdatedInstancesOnly", false)
                .put("computePlatform", "Lambda");
        info.set("revision", deployment.revision);
        if (deployment.description != null) {
            info.put("description", deployment.description);
        }
        if (snapshot.startTime() != null) {
            info.put("startTime", epoch(snapshot.startTime()));
        }
        if (snapshot.completeTime() != null) {
            info.put("completeTime", epoch(snapshot.completeTime()));
        }
        if (snapshot.errorCode() != null) {
            info.putObject("errorInformation").put("code", snapshot.errorCode())
                    .put("message", snapshot.errorMessage());
        }
        if (snapshot.rollbackDeploymentId() != null || snapshot.rollbackTriggeringDeploymentId() != null
                || snapshot.rollbackMessage() != null) {
            ObjectNode rollback = info.putObject("rollbackInfo");
            if (snapshot.rollbackDeploymentId() != null) {
                rollback.put("rollbackDeploymentId", snapshot.rollbackDeploymentId());
            }
            if (snapshot.rollbackTriggeringDeploymentId() != null) {
                rollback.put("rollbackTriggeringDeploymentId", snapshot.rollbackTriggeringDeploymentId());
            }
            if (snapshot.rollbackMessage() != null) {
                rollback.put("rollbackMessage", snapshot.rollbackMessage());
            }
        }
        info.set("autoRollbackConfiguration", rollbackJson(deployment.autoRollback));
        info.putObject("deploymentStyle").put("deploymentType", "BLUE_GREEN")
                .put("deploymentOption", "WITH_TRAFFIC_CONTROL");
        ObjectNode overview = info.putObject("deploymentOverview");
        String status = snapshot.status();
        overview.put("Pending", status.equals("Created") || status.equals("Queued") ? 1 : 0)
                .put("InProgress", status.equals("InProgress") || status.equals("Baking") ? 1 : 0)
                .put("Succeeded", status.equals("Succeeded") ? 1 : 0)
                .put("Failed", status.equals("Failed") || status.equals("Stopped") ? 1 : 0)
                .put("Skipped", 0)
                .put("Ready", 0);
        return info;
    }

    private ObjectNode alarmJson(AlarmConfiguration alarms) {
        ObjectNode node = json.createObjectNode().put("enabled", alarms.enabled())
                .put("ignorePollAlarmFailure", alarms.ignorePollAlarmFailure());
        ArrayNode list = node.putArray("alarms");
        alarms.alarms().forEach(name -> list.addObject().put("name", name));
        return node;
    }

    private ObjectNode rollbackJson(AutoRollbackConfiguration rollback) {
        ObjectNode node = json.createObjectNode().put("enabled", rollback.enabled());
        ArrayNode events = node.putArray("events");
        rollback.events().forEach(events::add);
        return node;
    }

    private String applicationName(JsonNode request) {
        String name = text(request, "applicationName");
        if (name == null || name.isEmpty()) {
            throw new CodeDeployError("ApplicationNameRequiredException",
                    "The minimum number of required application names was not specified.");
        }
        if (name.length() > MAX_NAME) {
            throw new CodeDeployError("InvalidApplicationNameException", "The application name was specified in an "
                    + "invalid format.");
        }
        return name;
    }

    private String groupName(JsonNode request) {
        String name = text(request, "deploymentGroupName");
        if (name == null || name.isEmpty()) {
            throw new CodeDeployError("DeploymentGroupNameRequiredException",
                    "The deployment group name was not specified.");
        }
        if (name.length() > MAX_NAME) {
            throw new CodeDeployError("InvalidDeploymentGroupNameException",
                    "The deployment group name was specified in an invalid format.");
        }
        return name;
    }

    private Application application(String name) {
        Application application = applications.get(name);
        if (application == null) {
            throw new CodeDeployError("ApplicationDoesNotExistException", "No application found for name: " + name);
        }
        return application;
    }

    private DeploymentGroup group(String applicationName, String name) {
        DeploymentGroup group = groups.get(groupKey(applicationName, name));
        if (group == null) {
            throw new CodeDeployError("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "
                    + name);
        }
        return group;
    }

    private DeploymentConfig deploymentConfig(String name, String computePlatform) {
        DeploymentConfig config = configs.get(name);
        if (config == null) {
            throw new CodeDeployError("DeploymentConfigDoesNotExistException",
                    "The deployment configuration does not exist with the user or AWS account.");
        }
        if (!config.computePlatform().equals(computePlatform)) {
            throw new CodeDeployError("InvalidDeploymentConfigNameException", "The deployment configuration "
                    + name + " is for the " + config.computePlatform() + " compute platform, not "
                    + computePlatform + ".");
        }
        return config;
    }

    private Deployment deployment(String id) {
        if (id == null || id.isEmpty()) {
            throw new CodeDeployError("DeploymentIdRequiredException", "At least one deployment ID must be "
                    + "specified.");
        }
        if (!DEPLOYMENT_ID.matcher(id).matches()) {
            throw new CodeDeployError("InvalidDeploymentIdException", "At least one of the deployment IDs was "
                    + "specified in an invalid format.");
        }
        Deployment deployment = deployments.get(id);
        if (deployment == null) {
            throw new CodeDeployError("DeploymentDoesNotExistException", "The deployment " + id
                    + " does not exist with the user or AWS account.");
        }
        return deployment;
    }

    private static String defaultConfig(String computePlatform) {
        return switch (computePlatform) {
            case "Lambda" -> "CodeDeployDefault.LambdaAllAtOnce";
            case "ECS" -> "CodeDeployDefault.ECSAllAtOnce";
            default -> "CodeDeployDefault.OneAtATime";
        };
    }

    private String newDeploymentId() {
        StringBuilder id = new StringBuilder("d-");
        for (int i = 0; i < 9; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return deployments.containsKey(id.toString()) ? newDeploymentId() : id.toString();
    }

    private static String groupKey(String application, String group) {
        return application + "\u0000" + group;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new CodeDeployError("SerializationException", "Start of structure or map found where not "
                    + "expected: " + field);
        }
        return value.asText();
    }

    static double epoch(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
