package dev.edgedeploy.sandbox.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function named the ways Lambda accepts: {@code name}, {@code 123456789012:function:name} (partial ARN),
 * {@code arn:aws:lambda:us-east-1:123456789012:function:name}, each optionally followed by {@code :qualifier}.
 *
 * @param name the bare function name
 * @param qualifier the version or alias, or null for the unqualified function
 */
record FunctionReference(String name, String qualifier) {

    /** Service model shape {@code FunctionName}. */
    private static final Pattern FUNCTION_NAME = Pattern.compile(
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
                    + "([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
    /** Service model shape {@code NamespacedFunctionName} (GetFunction, GetFunctionConfiguration, Invoke). */
    private static final Pattern NAMESPACED_FUNCTION_NAME = Pattern.compile(
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
                    + "([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
    private static final Pattern QUALIFIER = Pattern.compile("(|[a-zA-Z0-9$_-]+)");
    private static final int NAME_LIMIT = 64;

    /** How an operation's FunctionName member is shaped and whether it may carry a qualifier. */
    enum Form {
        /** FunctionName of operations on $LATEST (UpdateFunctionCode, PublishVersion, aliases, versions). */
        UNQUALIFIED(FUNCTION_NAME, 140),
        /** FunctionName with an optional qualifier (DeleteFunction). */
        QUALIFIABLE(FUNCTION_NAME, 140),
        /** NamespacedFunctionName with an optional qualifier (GetFunction, Invoke). */
        NAMESPACED(NAMESPACED_FUNCTION_NAME, 170);

        private final Pattern pattern;
        private final int maxLength;

        Form(Pattern pattern, int maxLength) {
            this.pattern = pattern;
            this.maxLength = maxLength;
        }
    }

    /**
     * Parses the FunctionName member (path or body) and the optional Qualifier query member.
     *
     * @throws LambdaApiException ValidationException for shape violations, InvalidParameterValueException for a
     *         qualifier that contradicts the name, ResourceNotFoundException for another region's or account's ARN
     */
    static FunctionReference parse(String functionName, String qualifierParameter, Form form, String region,
            String accountId) {
        List<String> violations = new ArrayList<>();
        if (functionName == null) {
            throw LambdaApiException.validation(
                    List.of("Value null at 'functionName' failed to satisfy constraint: Member must not be null"));
        }
        if (functionName.length() > form.maxLength) {
            violations.add("Value '" + functionName + "' at 'functionName' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + form.maxLength);
        }
        Matcher matcher = form.pattern.matcher(functionName);
        boolean matches = matcher.matches();
        if (!matches) {
            violations.add("Value '" + functionName + "' at 'functionName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: " + form.pattern.pattern());
        }
        if (qualifierParameter != null) {
            if (qualifierParameter.isEmpty() || qualifierParameter.length() > 128
                    || !QUALIFIER.matcher(qualifierParameter).matches()) {
                violations.add("Value '" + qualifierParameter + "' at 'qualifier' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: " + QUALIFIER.pattern());
            }
        }
        if (!violations.isEmpty()) {
            throw LambdaApiException.validation(violations);
        }
        String arnRegion = matcher.group(3) == null ? null : matcher.group(3).substring(0, matcher.group(3).length() - 1);
        String arnAccount = matcher.group(5) == null ? null : matcher.group(5).substring(0, 12);
        String name = matcher.group(7);
        String derivedQualifier = matcher.group(9);
        if (name.length() > NAME_LIMIT) {
            throw LambdaApiException.validation(List.of("Value '" + name + "' at 'functionName' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + NAME_LIMIT));
        }
        if ((arnRegion != null && !arnRegion.equals(region)) || (arnAccount != null && !arnAccount.equals(accountId))) {
            throw LambdaApiException.notFound("Function not found: " + functionName);
        }
        if (derivedQualifier != null && qualifierParameter != null && !derivedQualifier.equals(qualifierParameter)) {
            throw LambdaApiException.invalidParameter(
                    "The derived qualifier from the function name does not match the specified qualifier.");
        }
        String qualifier = derivedQualifier != null ? derivedQualifier : qualifierParameter;
        if (form == Form.UNQUALIFIED && qualifier != null) {
            if (!"$LATEST".equals(qualifier)) {
                throw LambdaApiException.invalidParameter("Current operation does not support versions other than "
                        + "$LATEST. Please set version to $LATEST or do not set a version in your ARN.");
            }
            return new FunctionReference(name, null);
        }
        return new FunctionReference(name, qualifier);
    }
}
