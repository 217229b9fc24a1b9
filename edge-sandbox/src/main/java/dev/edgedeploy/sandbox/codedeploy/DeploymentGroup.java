package dev.edgedeploy.sandbox.codedeploy;

/** A deployment group of a Lambda application: its role, default configuration, alarms and rollback rules. */
record DeploymentGroup(String applicationName, String name, String id, String serviceRoleArn,
        String deploymentConfigName, AlarmConfiguration alarmConfiguration,
        AutoRollbackConfiguration autoRollbackConfiguration, String computePlatform) {
}
