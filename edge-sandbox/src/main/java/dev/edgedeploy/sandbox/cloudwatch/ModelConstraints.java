package dev.edgedeploy.sandbox.cloudwatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects violations of CloudWatch's service model member constraints, reported together as one
 * {@code ValidationError} ("1 validation error detected: Value '0' at 'evaluationPeriods' failed to satisfy
 * constraint: Member must have value greater than or equal to 1").
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
            violations.add(at(value, member) + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            violations.add(at(value, member) + "Member must have length less than or equal to " + max);
        }
    }

    void size(Collection<?> values, String member, int max) {
        if (values.size() > max) {
            violations.add(at(values, member) + "Member must have length less than or equal to " + max);
        }
    }

    void atLeast(Number value, String member, long min) {
        if (value != null && value.doubleValue() < min) {
            violations.add(at(value, member) + "Member must have value greater than or equal to " + min);
        }
    }

    void between(Number value, String member, long min, long max) {
        if (value == null) {
            return;
        }
        if (value.doubleValue() < min) {
            violations.add(at(value, member) + "Member must have value greater than or equal to " + min);
        } else if (value.doubleValue() > max) {
            violations.add(at(value, member) + "Member must have value less than or equal to " + max);
        }
    }

    void oneOf(String value, String member, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            violations.add(at(value, member) + "Member must satisfy enum value set: " + allowed);
        }
    }

    void check() {
        if (!violations.isEmpty()) {
            throw CloudWatchError.validation(violations);
        }
    }

    private static String at(Object value, String member) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: ";
    }
}
