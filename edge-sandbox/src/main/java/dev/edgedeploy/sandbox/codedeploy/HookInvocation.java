package dev.edgedeploy.sandbox.codedeploy;

import java.time.Instant;

/**
 * A lifecycle event hook CodeDeploy invoked: the function received
 * {@code {"DeploymentId": …, "LifecycleEventHookExecutionId": …}} and must report through
 * PutLifecycleEventHookExecutionStatus.
 *
 * @param lifecycleEvent {@code BeforeAllowTraffic} or {@code AfterAllowTraffic}
 */
public record HookInvocation(String deploymentId, String lifecycleEvent, String functionName,
        String lifecycleEventHookExecutionId, Instant at) {
}
