package dev.edgedeploy.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SigV4AuthorizationTest {

    private static final String SIGNATURE = "a".repeat(64);

    @Test
    void readsTheCredentialScopeOfAWellFormedHeader() {
        String header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/lambda/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE;
        assertThat(SigV4Authorization.parse(header))
                .contains(new SigV4Authorization("AKIDEXAMPLE", "20261124", "us-east-1", "lambda"));
    }

    @Test
    void refusesMissingOrMalformedHeaders() {
        assertThat(SigV4Authorization.parse(null)).isEmpty();
        assertThat(SigV4Authorization.parse("Bearer token")).isEmpty();
        assertThat(SigV4Authorization.parse("AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/lambda/aws4_request, "
                + "SignedHeaders=host, Signature=short")).isEmpty();
    }
}
