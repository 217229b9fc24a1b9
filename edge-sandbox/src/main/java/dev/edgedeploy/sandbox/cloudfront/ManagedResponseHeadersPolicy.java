package dev.edgedeploy.sandbox.cloudfront;

import java.util.Optional;

/**
 * The response headers policies AWS manages that the sandbox applies: the CORS ones, whose
 * {@code Access-Control-Allow-Origin: *} (origin override off: an origin's own header wins) CloudFront adds to the
 * answer of a request that carries {@code Origin} ("Use managed response headers policies", CloudFront developer
 * guide). The sandbox has no CreateResponseHeadersPolicy, so these are the only ids a behavior may name; the
 * security-header parts of the combined policies are not applied.
 */
public enum ManagedResponseHeadersPolicy {
    SIMPLE_CORS("60669652-455b-4ae9-85a4-c4c02393f86c"),
    CORS_WITH_PREFLIGHT("5cc3b908-e619-4b99-88e5-2cf7f45965bd"),
    CORS_AND_SECURITY_HEADERS("e61eb60c-9c35-4d20-a928-2b84e02af89c"),
    CORS_WITH_PREFLIGHT_AND_SECURITY_HEADERS("eaab4381-ed33-4a86-88ca-d9558dc6cd63");

    private final String id;

    ManagedResponseHeadersPolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The managed policy with this id, if it is one the sandbox knows. */
    public static Optional<ManagedResponseHeadersPolicy> byId(String id) {
        for (ManagedResponseHeadersPolicy policy : values()) {
            if (policy.id.equals(id)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
