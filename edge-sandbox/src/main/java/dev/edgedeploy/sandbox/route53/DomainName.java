package dev.edgedeploy.sandbox.route53;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DNS name as Route53 stores and returns it: lower case, fully qualified (trailing dot), with every character
 * other than {@code a-z 0-9 - _} written as a three-digit octal escape ({@code \052}), except a leading
 * {@code *} label, which is a wildcard. Input may use the escapes too; names differing only in case are one name.
 *
 * @param text the canonical form, e.g. {@code bucket.example.com.}; the root is {@code .}
 */
record DomainName(String text) implements Comparable<DomainName> {

    /** Route53's limits: a label up to 63 octets, a name up to 255 octets in wire form. */
    private static final int MAX_LABEL = 63;
    private static final int MAX_WIRE_LENGTH = 255;

    /**
     * Parses a name as given in a request. Throws {@link IllegalArgumentException} with Route53's problem text
     * ({@code DomainLabelEmpty}, {@code DomainLabelTooLong}, {@code DomainNameTooLong}) for a malformed one.
     */
    static DomainName parse(String input) {
        String trimmed = input.trim();
        if (trimmed.isEmpty() || trimmed.equals(".")) {
            return new DomainName(".");
        }
        List<byte[]> labels = new ArrayList<>();
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        String body = trimmed.endsWith(".") && !trimmed.endsWith("\\.") ? trimmed.substring(0, trimmed.length() - 1)
                : trimmed;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && isOctal(body, i + 1)) {
                label.write(Integer.parseInt(body.substring(i + 1, i + 4), 8));
                i += 3;
            } else if (c == '\\' && i + 1 < body.length()) {
                label.writeBytes(String.valueOf(body.charAt(++i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (c == '.') {
                labels.add(label.toByteArray());
                label.reset();
            } else {
                byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                label.writeBytes(bytes);
            }
        }
        labels.add(label.toByteArray());
        return fromLabels(labels, trimmed);
    }

    /**
     * The name of these labels (raw octets, leftmost first, root excluded); {@code input} names the name in
     * problem messages.
     */
    static DomainName fromLabels(List<byte[]> labels, String input) {
        if (labels.isEmpty()) {
            return new DomainName(".");
        }
        int wireLength = 1;
        for (byte[] each : labels) {
            if (each.length == 0) {
                throw new IllegalArgumentException(problem("DomainLabelEmpty", "Domain label is empty", input));
            }
            if (each.length > MAX_LABEL) {
                throw new IllegalArgumentException(problem("DomainLabelTooLong", "Domain label is too long", input));
            }
            wireLength += 1 + each.length;
        }
        if (wireLength > MAX_WIRE_LENGTH) {
            throw new IllegalArgumentException(problem("DomainNameTooLong", "Domain name is too long", input));
        }
        StringBuilder canonical = new StringBuilder();
        for (int index = 0; index < labels.size(); index++) {
            byte[] each = labels.get(index);
            boolean wildcard = index == 0 && each.length == 1 && each[0] == '*';
            for (byte b : each) {
                int octet = b & 0xff;
                char c = Character.toLowerCase((char) octet);
                if (wildcard || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                    canonical.append(c);
                } else {
                    canonical.append('\\').append(String.format("%03o", octet));
                }
            }
            canonical.append('.');
        }
        return new DomainName(canonical.toString());
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    private static String problem(String code, String explanation, String input) {
        return "FATAL problem: " + code + " (" + explanation + ") encountered with '" + input + "'";
    }

    /** True for this name itself and every name below it. */
    boolean isWithin(DomainName zone) {
        return zone.text.equals(".") || text.equals(zone.text) || text.endsWith("." + zone.text);
    }

    /** The name one label up; the root is its own parent. */
    DomainName parent() {
        int dot = text.indexOf('.');
        return dot < 0 || dot == text.length() - 1 ? new DomainName(".") : new DomainName(text.substring(dot + 1));
    }

    /** The wildcard directly below this name, {@code *.<this>}. */
    DomainName wildcard() {
        return new DomainName(text.equals(".") ? "*." : "*." + text);
    }

    /** The labels, leftmost first, in canonical (escaped) form. */
    List<String> labels() {
        if (text.equals(".")) {
            return List.of();
        }
        List<String> labels = new ArrayList<>(List.of(text.substring(0, text.length() - 1).split("\\.")));
        return Collections.unmodifiableList(labels);
    }

    /** How many labels the name has; the root has none. */
    int depth() {
        return labels().size();
    }

    /**
     * Route53's listing order, "by DNS name with the labels reversed" ({@code com.example.www}): label by label from
     * the right, so a parent sorts before its children.
     */
    @Override
    public int compareTo(DomainName other) {
        List<String> mine = labels();
        List<String> theirs = other.labels();
        for (int i = 1; i <= Math.min(mine.size(), theirs.size()); i++) {
            int order = mine.get(mine.size() - i).compareTo(theirs.get(theirs.size() - i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(mine.size(), theirs.size());
    }

    @Override
    public String toString() {
        return text;
    }
}
