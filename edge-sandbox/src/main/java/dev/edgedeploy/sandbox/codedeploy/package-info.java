/**
 * The sandbox's AWS CodeDeploy for the Lambda compute platform ({@link dev.edgedeploy.sandbox.codedeploy.CodeDeployService}).
 *
 * <p>Wire protocol: JSON 1.1 as SDK v2.40.2's {@code CodeDeployClient} sends it ({@code X-Amz-Target:
 * CodeDeploy_20141006.*}); errors carry the modeled exception's name in {@code __type}. Operations: CreateApplication,
 * GetApplication, CreateDeploymentGroup, GetDeploymentGroup, UpdateDeploymentGroup, CreateDeploymentConfig,
 * GetDeploymentConfig, CreateDeployment (AppSpecContent / String revisions), GetDeployment, ListDeployments,
 * StopDeployment, PutLifecycleEventHookExecutionStatus.
 *
 * <p>Behaviour and sources: the nine predefined {@code CodeDeployDefault.Lambda*} configurations
 * (awsdocs/aws-codedeploy-user-guide deployment-configurations.md); canary and linear percentages 1–99, intervals of at
 * least a minute and at most 2,880 minutes between the first and the last shift (limits.md); at most ten alarms and
 * {@code ignorePollAlarmFailure} off by default, so unreadable alarms stop the deployment (AWS::CodeDeploy
 * AlarmConfiguration, deployment-groups-configure-advanced-options.md); one active deployment per group, refused with
 * "The Deployment Group '…' already has an active Deployment 'd-…'" (limits.md, CircleCI-Public/aws-ecs-orb#181);
 * hooks invoked asynchronously with {@code {DeploymentId, LifecycleEventHookExecutionId}} and failed after one hour
 * without a report (reference-appspec-file-structure-hooks.md); rollbacks as new deployments
 * (deployments-rollback-and-redeploy.md); an AppSpec whose TargetVersion equals CurrentVersion fails with "The
 * deployment failed because the AppSpec file that specifies the AWS Lambda deployment configuration is missing or has
 * an invalid configuration." (terraform-aws-modules/terraform-aws-lambda#82).
 *
 * <p>Not modelled: Server and ECS deployments (their configurations exist so groups can name them), S3 and GitHub
 * revisions, triggers, the per-account limit of concurrent deployments.
 */
package dev.edgedeploy.sandbox.codedeploy;
