package dev.edgedeploy.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one quantity; reported by their median, as single runs on a shared machine are noisy. */
final class Samples {

    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    double last() {
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    int size() {
        return values.size();
    }

    double get(int index) {
        return values.get(index);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The median and every sample, e.g. {@code 12.3 (12.1, 12.3, 14.0)}. */
    String describe(String format) {
        if (values.isEmpty()) {
            return "—";
        }
        StringBuilder all = new StringBuilder();
        for (double v : values) {
            all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v));
        }
        return String.format(Locale.ROOT, format, median()) + " (" + all + ")";
    }
}
