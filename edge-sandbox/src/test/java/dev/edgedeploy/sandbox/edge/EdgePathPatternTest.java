package dev.edgedeploy.sandbox.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgedeploy.sandbox.cloudfront.CacheBehavior;
import dev.edgedeploy.sandbox.cloudfront.DistributionConfig;
import dev.edgedeploy.sandbox.cloudfront.Origin;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgePathPatternTest {

    @Test
    void starMatchesAnyRunOfCharactersSlashesIncluded() {
        assertThat(PathPattern.matches("/assets/*", "/assets/b1/app.js")).isTrue();
        assertThat(PathPattern.matches("/assets/*", "/assets/")).isTrue();
        assertThat(PathPattern.matches("/assets/*.js", "/assets/b1/app.js")).isTrue();
        assertThat(PathPattern.matches("/assets/*.js", "/assets/b1/app.css")).isFalse();
        assertThat(PathPattern.matches("*", "/anything/at/all")).isTrue();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(PathPattern.matches("/v?/index.js", "/v1/index.js")).isTrue();
        assertThat(PathPattern.matches("/v?/index.js", "/v10/index.js")).isFalse();
        assertThat(PathPattern.matches("/v?/index.js", "/v/index.js")).isFalse();
    }

    @Test
    void matchesCaseSensitivelyAndTheWholePath() {
        assertThat(PathPattern.matches("/assets/index.js", "/Assets/index.js")).isFalse();
        assertThat(PathPattern.matches("/assets/index.js", "/assets/index.js.map")).isFalse();
        assertThat(PathPattern.matches("/assets/index.js", "/x/assets/index.js")).isFalse();
    }

    @Test
    void aPatternWithoutLeadingSlashMatchesAsIfItHadOne() {
        assertThat(PathPattern.matches("assets/*.js", "/assets/app.js")).isTrue();
    }

    @Test
    void theFirstMatchingOrderedBehaviorWinsAndTheDefaultComesLast() {
        DistributionConfig config = new DistributionConfig("ref", "", true,
                List.of(new Origin("o", "b.s3.us-east-1.amazonaws.com", "", true)), behavior("*"),
                List.of(behavior("/assets/index.js"), behavior("/assets/*"), behavior("/assets/index.*")), "<x/>");

        assertThat(EdgeFront.behaviorFor(config, "/assets/index.js").pathPattern()).isEqualTo("/assets/index.js");
        assertThat(EdgeFront.behaviorFor(config, "/assets/index.css").pathPattern()).isEqualTo("/assets/*");
        assertThat(EdgeFront.behaviorFor(config, "/favicon.ico").pathPattern()).isEqualTo("*");
    }

    private static CacheBehavior behavior(String pattern) {
        return new CacheBehavior(pattern, "o", "allow-all", null, 0L, 0L, 0L, false, List.of());
    }
}
