package dev.edgedeploy.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgedeploy.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildIdTest {

    @Test
    void acceptsUrlSafeIdsUpToSixtyFourCharacters() {
        assertThat(BuildId.of("20261124-123456-abc1234").value()).isEqualTo("20261124-123456-abc1234");
        assertThat(BuildId.of("a".repeat(64)).value()).hasSize(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER", "with_underscore", "with.dot", "-leading", "trailing-", "a/b", "é"})
    void refusesIdsThatAreNotUrlSafe(String value) {
        assertThatThrownBy(() -> BuildId.of(value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-DedgeDeploy.buildId")
                .hasMessageContaining("[a-z0-9-]");
    }

    @Test
    void refusesIdsLongerThanSixtyFourCharacters() {
        assertThatThrownBy(() -> BuildId.of("a".repeat(65))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void randomIdsAreValidAndDistinct() {
        BuildId first = RandomBuildId.next();
        BuildId second = RandomBuildId.next();
        assertThat(first.value()).startsWith("r-").hasSize(22);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void parsesStrategiesCaseInsensitivelyAndNamesTheChoicesOnError() {
        assertThat(BuildIdStrategy.parse("Content")).isEqualTo(BuildIdStrategy.CONTENT);
        assertThatThrownBy(() -> BuildIdStrategy.parse("sha"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("git, content, random");
    }
}
