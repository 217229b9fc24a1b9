package dev.edgedeploy.maven;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.Locale;

/** Where a deploy goes: the embedded sandbox (the default) or a real AWS account. */
enum DeployTargetKind {
    SANDBOX,
    AWS;

    static DeployTargetKind parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInputException.of(new Problem("<target> / -D" + PropertyNames.TARGET,
                    "'" + value + "' is not a deploy target.", "use sandbox or aws."));
        }
    }
}
