package dev.edgedeploy.core.build;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The {@code random} strategy: {@code r-} and 20 random hex digits, a new id for every build. */
public final class RandomBuildId {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomBuildId() {
    }

    public static BuildId next() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return BuildId.of("r-" + HexFormat.of().formatHex(bytes));
    }
}
