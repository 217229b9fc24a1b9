package dev.edgedeploy.sandbox.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TxtValueTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsQuotedStringsSeparatedByWhiteSpace() {
        assertThat(TxtValue.parse("\"eu-west-1\"")).containsExactly(ascii("eu-west-1"));
        assertThat(TxtValue.parse("\"a b\"  \"c\"")).containsExactly(ascii("a b"), ascii("c"));
        assertThat(TxtValue.parse("\"\"")).containsExactly(new byte[0]);
    }

    @Test
    void decodesQuoteBackslashAndOctalEscapes() {
        assertThat(TxtValue.parse("\"a\\\"b\\\\c\\101\"")).containsExactly(ascii("a\"b\\cA"));
    }

    @Test
    void refusesUnquotedOrUnterminatedOrRunTogetherStrings() {
        for (String value : new String[] {"v=spf1", "\"open", "\"a\"b", "\"a\"\"b\"", "", "   "}) {
            assertThatThrownBy(() -> TxtValue.parse(value)).as(value)
                    .hasMessage("Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be "
                            + "enclosed in quotation marks) encountered with '" + value + "''");
        }
    }

    @Test
    void refusesAStringLongerThan255Octets() {
        assertThat(TxtValue.parse("\"" + "x".repeat(255) + "\"")).singleElement()
                .satisfies(string -> assertThat(string).hasSize(255));
        assertThatThrownBy(() -> TxtValue.parse("\"" + "x".repeat(256) + "\""))
                .hasMessageContaining("CharacterStringTooLong (Value is too long)");
    }

    @Test
    void refusesRawCharactersOutsidePrintableAscii() {
        assertThatThrownBy(() -> TxtValue.parse("\"café\"")).hasMessageContaining("InvalidCharacterString");
    }
}
