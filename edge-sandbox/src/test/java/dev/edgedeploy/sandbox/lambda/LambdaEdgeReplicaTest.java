package dev.edgedeploy.sandbox.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Lambda@Edge replica runs in its edge location's own environments, region and resolver. */
class LambdaEdgeReplicaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers where it runs: its process, region, and the resolver the ESM and CommonJS dns modules use. */
    private static final String WHERE_AM_I = """
            import { getServers } from 'node:dns';
            import { createRequire } from 'node:module';
            const require = createRequire(import.meta.url);
            let invocations = 0;
            export const handler = async () => ({
              pid: process.pid,
              invocations: ++invocations,
              region: process.env.AWS_REGION,
              esm: getServers()[0],
              cjs: require('dns').getServers()[0],
            });
            """;

    @Test
    void eachEdgeLocationHasItsOwnWarmEnvironmentsRegionAndResolver(@TempDir Path work) throws Exception {
        try (LambdaSandbox sandbox = LambdaSandbox.start(work, settings -> settings)) {
            sandbox.create("edge", Bundles.handler(WHERE_AM_I), r -> r.publish(true));
            String version = sandbox.service.functionArn("edge") + ":1";
            EdgeReplica dublin = new EdgeReplica("DUB56-P1", "eu-west-1", "127.0.0.1:5301");
            EdgeReplica sydney = new EdgeReplica("SYD62-P2", "ap-southeast-2", "127.0.0.1:5302");

            JsonNode first = invoke(sandbox, version, dublin);
            JsonNode second = invoke(sandbox, version, dublin);
            JsonNode other = invoke(sandbox, version, sydney);
            JsonNode home = JSON.readTree(sandbox.service.invoke(version, new byte[0]).payload());

            assertThat(first.path("region").asText()).isEqualTo("eu-west-1");
            assertThat(first.path("esm").asText()).isEqualTo("127.0.0.1:5301");
            assertThat(first.path("cjs").asText()).isEqualTo("127.0.0.1:5301");
            assertThat(second.path("pid").asLong()).isEqualTo(first.path("pid").asLong());
            assertThat(second.path("invocations").asInt()).isEqualTo(2);
            assertThat(other.path("pid").asLong()).isNotEqualTo(first.path("pid").asLong());
            assertThat(other.path("region").asText()).isEqualTo("ap-southeast-2");
            assertThat(other.path("esm").asText()).isEqualTo("127.0.0.1:5302");
            assertThat(home.path("region").asText()).isEqualTo("us-east-1");
            assertThat(home.path("esm").asText()).isNotIn("127.0.0.1:5301", "127.0.0.1:5302");
        }
    }

    private static JsonNode invoke(LambdaSandbox sandbox, String version, EdgeReplica replica) throws Exception {
        InvocationResult result = sandbox.service.invoke(version, "{}".getBytes(StandardCharsets.UTF_8), replica);
        assertThat(result.functionError()).as(new String(result.payload(), StandardCharsets.UTF_8)).isNull();
        return JSON.readTree(result.payload());
    }
}
