package dev.edgedeploy.sandbox.lambda;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects violations of the service model's member constraints, which Lambda reports together as one
 * {@code ValidationException} ("2 validation errors detected: Value '0' at 'timeout' failed to satisfy
 * constraint: …").
 */
final class ModelConstraints {

    private final List<String> violations = new ArrayList<>();

    boolean required(Object value, String member) {
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
            return false;
        }
        return true;
    }

    void length(String value, String member, int min, int max) {
        if (value == null) {
            return;
        }
        if (value.length() < min) {
            violations.add(value(value, member) + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            violations.add(value(value, member) + "Member must have length less than or equal to " + max);
        }
    }

    void pattern(String value, String member, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            violations.add(value(value, member) + "Member must satisfy regular expression pattern: "
                    + pattern.pattern());
        }
    }

    void range(Number value, String member, double min, double max) {
        if (value == null) {
            return;
        }
        if (value.doubleValue() < min) {
            violations.add(value(value, member) + "Member must have value greater than or equal to " + format(min));
        } else if (value.doubleValue() > max) {
            violations.add(value(value, member) + "Member must have value less than or equal to " + format(max));
        }
    }

    void oneOf(String value, String member, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            violations.add(value(value, member) + "Member must satisfy enum value set: " + allowed);
        }
    }

    void add(String violation) {
        violations.add(violation);
    }

    /** Throws the ValidationException when anything was violated. */
    void check() {
        if (!violations.isEmpty()) {
            throw LambdaApiException.validation(violations);
        }
    }

    private static String value(Object value, String member) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: ";
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) > 1 ? Long.toString((long) bound) : Double.toString(bound);
    }
}
