package dev.edgedeploy.core.build;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.regex.Pattern;

/** A build's identity: URL-safe, at most 64 characters, and the name of its immutable {@code assets/<id>/} prefix. */
public record BuildId(String value) implements Comparable<BuildId> {

    public static final int MAX_LENGTH = 64;
    private static final Pattern SAFE = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");

    public BuildId {
        if (value == null || value.length() > MAX_LENGTH || !SAFE.matcher(value).matches()) {
            throw InvalidInputException.of(new Problem("<buildId> / -DedgeDeploy.buildId",
                    "'" + value + "' is not a valid build id: it must be 1-" + MAX_LENGTH
                            + " characters of [a-z0-9-], starting and ending with a letter or digit.",
                    "use an id such as 20261124-a1b2c3d, or leave it unset to let the buildIdStrategy choose."));
        }
    }

    public static BuildId of(String value) {
        return new BuildId(value);
    }

    @Override
    public int compareTo(BuildId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
