package dev.edgedeploy.sandbox.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainNameTest {

    @Test
    void storesNamesLowerCaseAndFullyQualified() {
        assertThat(DomainName.parse("Bucket.Example.COM").text()).isEqualTo("bucket.example.com.");
        assertThat(DomainName.parse("bucket.example.com.")).isEqualTo(DomainName.parse("BUCKET.example.com"));
    }

    @Test
    void escapesOtherCharactersAsOctalButKeepsALeadingWildcard() {
        assertThat(DomainName.parse("*.example.com").text()).isEqualTo("*.example.com.");
        assertThat(DomainName.parse("a*b.example.com").text()).isEqualTo("a\\052b.example.com.");
        assertThat(DomainName.parse("a\\052b.example.com").text()).isEqualTo("a\\052b.example.com.");
        assertThat(DomainName.parse("_acme-challenge.example.com").text()).isEqualTo("_acme-challenge.example.com.");
    }

    @Test
    void refusesEmptyAndOverlongLabelsAndNames() {
        assertThatThrownBy(() -> DomainName.parse("a..example.com")).hasMessageContaining("DomainLabelEmpty");
        assertThatThrownBy(() -> DomainName.parse("x".repeat(64) + ".example.com"))
                .hasMessageContaining("DomainLabelTooLong");
        assertThatThrownBy(() -> DomainName.parse(("x".repeat(60) + ".").repeat(5) + "com"))
                .hasMessageContaining("DomainNameTooLong");
    }

    @Test
    void sortsWithTheLabelsReversedSoParentsComeFirst() {
        List<DomainName> names = new ArrayList<>(List.of(DomainName.parse("www.example.com"),
                DomainName.parse("example-a.com"), DomainName.parse("example.com"), DomainName.parse("a.example.com")));
        names.sort(null);

        assertThat(names).extracting(DomainName::text).containsExactly("example.com.", "a.example.com.",
                "www.example.com.", "example-a.com.");
    }

    @Test
    void knowsWhichNamesLieWithinAZone() {
        DomainName zone = DomainName.parse("example.com");
        assertThat(DomainName.parse("bucket.example.com").isWithin(zone)).isTrue();
        assertThat(DomainName.parse("example.com").isWithin(zone)).isTrue();
        assertThat(DomainName.parse("badexample.com").isWithin(zone)).isFalse();
    }
}
