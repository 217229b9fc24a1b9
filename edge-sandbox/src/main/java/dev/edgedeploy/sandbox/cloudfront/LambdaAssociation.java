package dev.edgedeploy.sandbox.cloudfront;

import java.util.Objects;

/**
 * One {@code LambdaFunctionAssociation} of a cache behavior.
 *
 * @param lambdaFunctionArn the numbered version ARN the event runs
 * @param eventType when it runs
 * @param includeBody whether a request event receives the body
 */
public record LambdaAssociation(String lambdaFunctionArn, EventType eventType, boolean includeBody) {

    public LambdaAssociation {
        Objects.requireNonNull(lambdaFunctionArn, "lambdaFunctionArn");
        Objects.requireNonNull(eventType, "eventType");
    }
}
