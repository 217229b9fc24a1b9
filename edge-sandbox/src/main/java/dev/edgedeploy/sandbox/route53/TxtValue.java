package dev.edgedeploy.sandbox.route53;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a TXT resource record as Route53 requires it: one or more character-strings, each enclosed in
 * double quotes and separated by white space, each at most 255 octets; inside the quotes {@code \"} and
 * {@code \\} escape themselves and {@code \ddd} (octal) any octet. An unquoted value is refused with
 * {@code InvalidCharacterString}, not silently quoted, exactly as AWS refuses it.
 */
final class TxtValue {

    private static final int MAX_STRING = 255;

    private TxtValue() {
    }

    /**
     * The character-strings of {@code value}, decoded. Throws {@link IllegalArgumentException} whose message is
     * Route53's ({@code Invalid Resource Record: 'FATAL problem: … encountered with '…''}).
     */
    static List<byte[]> parse(String value) {
        List<byte[]> strings = new ArrayList<>();
        int position = 0;
        int length = value.length();
        while (position < length) {
            char c = value.charAt(position);
            if (c == ' ' || c == '\t') {
                position++;
                continue;
            }
            if (c != '"') {
                throw invalid("InvalidCharacterString", "Value should be enclosed in quotation marks", value);
            }
            ByteArrayOutputStream string = new ByteArrayOutputStream();
            int at = position + 1;
            boolean closed = false;
            while (at < length) {
                char d = value.charAt(at);
                if (d == '"') {
                    closed = true;
                    break;
                }
                if (d == '\\') {
                    if (at + 3 < length && isOctalTriple(value, at + 1)) {
                        int octet = Integer.parseInt(value.substring(at + 1, at + 4), 8);
                        if (octet > 0xff) {
                            throw invalid("InvalidCharacterString", "Value contains an invalid escape", value);
                        }
                        string.write(octet);
                        at += 4;
                        continue;
                    }
                    if (at + 1 >= length) {
                        break;
                    }
                    d = value.charAt(at + 1);
                    at++;
                }
                if (d < 0x20 || d > 0x7e) {
                    // Route53 wants octets outside printable ASCII written as \ddd escapes.
                    throw invalid("InvalidCharacterString", "Value contains characters that must be escaped", value);
                }
                string.write(d);
                at++;
            }
            if (!closed) {
                throw invalid("InvalidCharacterString", "Value should be enclosed in quotation marks", value);
            }
            if (string.size() > MAX_STRING) {
                throw invalid("CharacterStringTooLong", "Value is too long", value);
            }
            strings.add(string.toByteArray());
            position = at + 1;
            if (position < length && value.charAt(position) != ' ' && value.charAt(position) != '\t') {
                // "a""b" or "a"b: strings must be separated by white space.
                throw invalid("InvalidCharacterString", "Value should be enclosed in quotation marks", value);
            }
        }
        if (strings.isEmpty()) {
            throw invalid("InvalidCharacterString", "Value should be enclosed in quotation marks", value);
        }
        return strings;
    }

    private static boolean isOctalTriple(String text, int from) {
        for (int i = from; i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String code, String explanation, String value) {
        return new IllegalArgumentException("Invalid Resource Record: 'FATAL problem: " + code + " (" + explanation
                + ") encountered with '" + value + "''");
    }
}
