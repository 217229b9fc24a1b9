package dev.edgedeploy.sandbox.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;

/** A Lambda sandbox started again on the same work directory continues where the last one stopped. */
class LambdaStateRestartTest {

    @Test
    void functionsVersionsAndAliasesSurviveARestart(@TempDir Path work) throws Exception {
        String codeSha256;
        GetAliasResponse before;
        try (LambdaSandbox first = LambdaSandbox.start(work, settings -> settings)) {
            codeSha256 = first.create("edge", Bundles.introspecting("blue"), r -> r.publish(true)).codeSha256();
            first.lambda.updateFunctionCode(r -> r.functionName("edge").zipFile(Bundles.introspecting("green"))
                    .publish(true));
            first.lambda.createAlias(r -> r.functionName("edge").name("live").functionVersion("1")
                    .routingConfig(c -> c.additionalVersionWeights(Map.of("2", 0.5))));
            before = first.lambda.getAlias(r -> r.functionName("edge").name("live"));
        }

        try (LambdaSandbox second = LambdaSandbox.start(work, settings -> settings)) {
            GetAliasResponse after = second.lambda.getAlias(r -> r.functionName("edge").name("live"));
            assertThat(after.revisionId()).isEqualTo(before.revisionId());
            assertThat(after.routingConfig().additionalVersionWeights()).containsEntry("2", 0.5);
            assertThat(second.lambda.listVersionsByFunction(r -> r.functionName("edge")).versions())
                    .extracting(FunctionConfiguration::version).containsExactly("$LATEST", "1", "2");
            assertThat(second.lambda.getFunctionConfiguration(r -> r.functionName("edge").qualifier("1")).codeSha256())
                    .isEqualTo(codeSha256);
            // unchanged $LATEST still publishes nothing new: the next run of a release converges
            assertThat(second.lambda.publishVersion(r -> r.functionName("edge")).version()).isEqualTo("2");
            String marker = second.lambda.invoke(r -> r.functionName("edge").qualifier("1")
                    .payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String();
            assertThat(marker).contains("\"marker\":\"blue\"");
        }
    }
}
