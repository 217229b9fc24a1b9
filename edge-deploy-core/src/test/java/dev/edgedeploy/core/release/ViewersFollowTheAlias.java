package dev.edgedeploy.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.edgedeploy.sandbox.edge.ViewerSample;
import java.util.Objects;

/**
 * The assertion that viewers get what the alias says (ARCHITECTURE.md §2), step after step of one shift from a
 * blue to a green version: every viewer is served (200, a build named) with the green or the blue build; the share
 * served green is the alias's weight on the green version, within {@link #TOLERANCE} while the weight is strictly
 * between 0 and 1 and exactly at 0 and 1; and every viewer green at the step before is still green (the
 * assignment is sticky, so the green set only grows). The reference stack's edge, which serves its own build
 * whatever the alias says, fails it at the first step.
 *
 * <p>Stateful: {@link #check} remembers the sample for the next step's stickiness check; use one per shift.
 */
final class ViewersFollowTheAlias {

    /**
     * ±5 percentage points. The edge places a viewer at the first 32 bits of SHA-256(green build id, client IP), a
     * uniform position, and serves green below the weight w: over n = 1,000 distinct viewers the green count is
     * binomial, its share's standard deviation √(w(1−w)/n) ≤ 1.58 pp (w = 0.5), so 5 pp is more than 3.1 σ at every
     * weight. The panel's addresses are seeded and the hash deterministic, so a given panel and build id always
     * give the same split: the tolerance cannot flake, it only says how far a hash split may sit from the weight.
     */
    static final double TOLERANCE = 0.05;

    private final String greenVersion;
    private final String greenBuild;
    private final String blueBuild;
    private ViewerSample previous;

    /**
     * @param greenVersion the version the shift goes to, whose bundle's green build is {@code greenBuild}
     * @param greenBuild the build released
     * @param blueBuild the build live before
     */
    ViewersFollowTheAlias(String greenVersion, String greenBuild, String blueBuild) {
        this.greenVersion = Objects.requireNonNull(greenVersion, "greenVersion");
        this.greenBuild = Objects.requireNonNull(greenBuild, "greenBuild");
        this.blueBuild = Objects.requireNonNull(blueBuild, "blueBuild");
    }

    /**
     * Checks a sample taken while the alias stood at {@code alias} (read before and after the sample) and once the
     * edge had time to learn it.
     *
     * @return the green share of the sample
     * @throws AssertionError naming the alias, the expected and the observed share, or the viewers that went back
     */
    double check(AliasState alias, ViewerSample sample) {
        double expected = greenShareOf(alias);
        assertThat(sample.failures()).as("viewers not served with the alias at %s", alias).isEmpty();
        assertThat(sample.builds().keySet()).as("builds served with the alias at %s", alias)
                .isSubsetOf(greenBuild, blueBuild);
        double green = sample.share(greenBuild);
        if (expected == 0 || expected == 1) {
            assertThat(green).as("share of viewers on green build %s with the alias at %s (%s)", greenBuild, alias,
                    sample).isEqualTo(expected);
        } else {
            assertThat(green).as("share of viewers on green build %s with the alias at %s (%s)", greenBuild, alias,
                    sample).isCloseTo(expected, within(TOLERANCE));
        }
        if (previous != null) {
            assertThat(sample.leftSince(previous, greenBuild))
                    .as("viewers on green build %s at the step before and back on blue with the alias at %s",
                            greenBuild, alias).isEmpty();
        }
        previous = sample;
        return green;
    }

    /** What a container of the green version serves green (the runtime's greenShare for the shift's versions). */
    private double greenShareOf(AliasState alias) {
        if (greenVersion.equals(alias.additionalVersion())) {
            return alias.weight();
        }
        if (greenVersion.equals(alias.version()) && !alias.shifting()) {
            return 1;
        }
        if (!greenVersion.equals(alias.version())) {
            return 0;
        }
        throw new IllegalArgumentException("the alias at " + alias + " shifts away from version " + greenVersion
                + ": not a step of this shift");
    }
}
