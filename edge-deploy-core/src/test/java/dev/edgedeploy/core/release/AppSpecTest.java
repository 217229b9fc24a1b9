package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AppSpecTest {

    @Test
    void rendersOneLambdaResourceMovingTheAliasBetweenTwoVersions() throws Exception {
        AppSpec appSpec = new AppSpec("edge-widget", "live", "3", "4");

        JsonNode root = new ObjectMapper().readTree(appSpec.content());

        assertThat(root.get("version").asDouble()).isEqualTo(0.0);
        assertThat(root.get("Resources")).hasSize(1);
        JsonNode function = root.get("Resources").get(0).get(AppSpec.RESOURCE_NAME);
        assertThat(function.get("Type").asText()).isEqualTo("AWS::Lambda::Function");
        JsonNode properties = function.get("Properties");
        assertThat(properties.get("Name").asText()).isEqualTo("edge-widget");
        assertThat(properties.get("Alias").asText()).isEqualTo("live");
        assertThat(properties.get("CurrentVersion").asText()).isEqualTo("3");
        assertThat(properties.get("TargetVersion").asText()).isEqualTo("4");
        assertThat(root.has("Hooks")).isFalse();
    }

    @Test
    void theSameShiftHasTheSameBytesAndItsSha256IsOfThoseBytes() throws Exception {
        AppSpec appSpec = new AppSpec("edge-widget", "live", "3", "4");

        assertThat(appSpec.content()).isEqualTo(new AppSpec("edge-widget", "live", "3", "4").content());
        assertThat(appSpec.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(appSpec.content().getBytes(StandardCharsets.UTF_8))));
        assertThat(appSpec.sha256()).isNotEqualTo(new AppSpec("edge-widget", "live", "4", "5").sha256());
    }

    @Test
    void escapesNamesAsJson() throws Exception {
        AppSpec appSpec = new AppSpec("fn\"x", "live", "1", "2");

        assertThat(new ObjectMapper().readTree(appSpec.content()).at("/Resources/0/edgeFunction/Properties/Name")
                .asText()).isEqualTo("fn\"x");
    }

    @Test
    void refusesAShiftToTheVersionAlreadyLive() {
        assertThatThrownBy(() -> new AppSpec("edge-widget", "live", "4", "4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two versions");
    }
}
