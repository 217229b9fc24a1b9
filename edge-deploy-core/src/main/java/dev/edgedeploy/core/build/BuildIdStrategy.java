package dev.edgedeploy.core.build;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a build gets its id when none is given explicitly. */
public enum BuildIdStrategy {

    /** Commit time (UTC) and short sha of HEAD: the same commit always gets the same id, so a re-run converges. */
    GIT,
    /** A hash of the build output, known only once the output exists (at package time). */
    CONTENT,
    /** A fresh random id per build. */
    RANDOM;

    public static BuildIdStrategy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInputException.of(new Problem("<buildIdStrategy> / -DedgeDeploy.buildIdStrategy",
                    "'" + name + "' is not a build id strategy.",
                    "use one of " + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")) + "."));
        }
    }
}
