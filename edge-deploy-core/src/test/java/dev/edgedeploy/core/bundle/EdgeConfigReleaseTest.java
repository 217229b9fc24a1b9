package dev.edgedeploy.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Schema 2: the released config adds blue and the release section; the packaged one has neither. */
class EdgeConfigReleaseTest {

    private static final EdgeConfig.Release RELEASE = new EdgeConfig.Release("edge-widget", "live", "us-east-1",
            "https://lambda.us-east-1.amazonaws.com", 10, 2);
    private static final EdgeConfig.Build BLUE = new EdgeConfig.Build("b0",
            new EdgeConfig.Entry("text/javascript", "cd34", "console.log('old');", "H4sIold"));

    @Test
    void aPackagedConfigHasNoReleaseSectionAtAll() throws Exception {
        JsonNode json = new ObjectMapper().readTree(EdgeBundleRendererTest.config("x").toJson());

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.has("release")).isFalse();
    }

    @Test
    void aReleasedConfigCarriesGreenBlueAndHowToLearnTheWeights() throws Exception {
        EdgeConfig released = EdgeBundleRendererTest.config("console.log('new');").forRelease(BLUE, RELEASE);

        JsonNode json = new ObjectMapper().readTree(released.toJson());

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(json.at("/builds/green/buildId").asText()).isEqualTo("20261124-a1b2c3d");
        assertThat(json.at("/builds/blue/buildId").asText()).isEqualTo("b0");
        assertThat(json.at("/builds/blue/entry/body").asText()).isEqualTo("console.log('old');");
        assertThat(json.at("/release/functionName").asText()).isEqualTo("edge-widget");
        assertThat(json.at("/release/alias").asText()).isEqualTo("live");
        assertThat(json.at("/release/region").asText()).isEqualTo("us-east-1");
        assertThat(json.at("/release/lambdaEndpoint").asText()).isEqualTo("https://lambda.us-east-1.amazonaws.com");
        assertThat(json.at("/release/refreshSeconds").asInt()).isEqualTo(10);
        assertThat(json.at("/release/aliasCacheSeconds").asInt()).isEqualTo(2);
        assertThat(EdgeConfig.fromJson(released.toJson())).isEqualTo(released);
        assertThat(json.has("/release/weightsBucket")).isFalse();
    }

    @Test
    void aReleaseSharingItsAliasCacheNamesThePrimaryBucketAndItsS3Endpoint() throws Exception {
        EdgeConfig.Release sharing = RELEASE.sharingWeightsIn("widget-primary", "https://s3.us-east-1.amazonaws.com");
        EdgeConfig released = EdgeBundleRendererTest.config("x").forRelease(BLUE, sharing);

        JsonNode json = new ObjectMapper().readTree(released.toJson());

        assertThat(json.at("/release/weightsBucket").asText()).isEqualTo("widget-primary");
        assertThat(json.at("/release/s3Endpoint").asText()).isEqualTo("https://s3.us-east-1.amazonaws.com");
        assertThat(EdgeConfig.fromJson(released.toJson())).isEqualTo(released);
        assertThat(released.toJson()).isEqualTo(EdgeBundleRendererTest.config("x").forRelease(BLUE,
                RELEASE.sharingWeightsIn("widget-primary", "https://s3.us-east-1.amazonaws.com")).toJson());
    }

    @Test
    void theFirstReleaseHasNoBlue() throws Exception {
        JsonNode json = new ObjectMapper().readTree(EdgeBundleRendererTest.config("x").forRelease(null, RELEASE)
                .toJson());

        assertThat(json.get("builds").has("blue")).isFalse();
        assertThat(json.get("builds").has("green")).isTrue();
    }

    @Test
    void theSameReleaseRendersTheSameBytes() {
        assertThat(EdgeBundleRendererTest.config("x").forRelease(BLUE, RELEASE).toJson())
                .isEqualTo(EdgeBundleRendererTest.config("x").forRelease(BLUE, RELEASE).toJson());
        assertThat(EdgeBundleRendererTest.config("x").forRelease(BLUE, RELEASE).toJson())
                .isNotEqualTo(EdgeBundleRendererTest.config("x").forRelease(null, RELEASE).toJson());
    }
}
