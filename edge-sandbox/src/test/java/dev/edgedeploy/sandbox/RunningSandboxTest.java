package dev.edgedeploy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sandbox per state directory, and another process finds where it listens while (and only while) it runs. */
class RunningSandboxTest {

    @TempDir
    Path state;

    @Test
    void aRunningSandboxIsFoundWithItsEndpointsAndBucketsAndIsGoneOnceClosed() {
        assertThat(RunningSandbox.on(state)).isEmpty();
        try (EdgeSandbox sandbox = EdgeSandbox.builder().stateDirectory(state)
                .region("us-east-1", "edge-deploy-us-east-1").region("eu-west-1", "edge-deploy-eu-west-1").start()) {
            RunningSandbox running = RunningSandbox.on(state).orElseThrow();

            assertThat(running.endpoints().s3()).isEqualTo(sandbox.endpoints().s3());
            assertThat(running.endpoints().lambda()).isEqualTo(sandbox.endpoints().lambda());
            assertThat(running.endpoints().cloudFront()).isEqualTo(sandbox.endpoints().cloudFront());
            assertThat(running.endpoints().cloudWatch()).isEqualTo(sandbox.endpoints().cloudWatch());
            assertThat(running.endpoints().codeDeploy()).isEqualTo(sandbox.endpoints().codeDeploy());
            assertThat(running.endpoints().dns().getPort()).isEqualTo(sandbox.endpoints().dns().getPort());
            assertThat(running.buckets()).containsExactly(
                    java.util.Map.entry("us-east-1", "edge-deploy-us-east-1"),
                    java.util.Map.entry("eu-west-1", "edge-deploy-eu-west-1"));
            assertThat(running.processId()).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(RunningSandbox.on(state)).isEmpty();
        assertThat(state.resolve(SandboxLease.RUNNING_FILE)).doesNotExist();
    }

    @Test
    void aSecondSandboxOnTheSameStateIsRefusedNamingTheFirst() {
        try (EdgeSandbox first = EdgeSandbox.builder().stateDirectory(state)
                .region("us-east-1", "edge-deploy-us-east-1").start()) {
            assertThatThrownBy(() -> EdgeSandbox.builder().stateDirectory(state)
                    .region("us-east-1", "edge-deploy-us-east-1").start())
                    .hasMessageContaining("another sandbox is running on " + state)
                    .hasMessageContaining(first.s3Endpoint().toString());
        }
        // the refused start took nothing: the directory is free again once the first stops
        EdgeSandbox.builder().stateDirectory(state).region("us-east-1", "edge-deploy-us-east-1").start().close();
    }

    @Test
    void aRunningFileLeftByAKilledSandboxIsIgnoredBecauseNobodyHoldsTheLock() throws Exception {
        try (EdgeSandbox sandbox = EdgeSandbox.builder().stateDirectory(state)
                .region("us-east-1", "edge-deploy-us-east-1").start()) {
            Files.copy(state.resolve(SandboxLease.RUNNING_FILE), state.resolve("left-behind.json"));
        }
        Files.move(state.resolve("left-behind.json"), state.resolve(SandboxLease.RUNNING_FILE));

        assertThat(RunningSandbox.on(state)).isEmpty();
    }
}
