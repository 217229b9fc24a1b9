package dev.edgedeploy.sandbox.cloudfront;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * What CloudFront checks of every associated Lambda@Edge function when a distribution is created or updated
 * ("Restrictions on Lambda@Edge", "Quotas on Lambda@Edge"), asking Lambda for the version's configuration as
 * CloudFront does. Refusals are {@code InvalidLambdaFunctionAssociation} with the texts AWS answers, as reported in
 * public issues: Widen/cloudfront-auth#43 (code size), #59 (runtime), serverless-lambda-edge-pre-existing-cloudfront#11
 * (memory), aws-cloudfront-extensions#112 (timeout), anomalyco/ion#1194 (environment),
 * terraform-aws-serverless-static-wordpress#79 (region), terraform-aws-hugo#43/#44 (version).
 */
final class EdgeFunctionCheck {

    static final String REQUIRED_REGION = "us-east-1";
    static final int MAX_VIEWER_MEMORY_MB = 128;
    /** "Restrictions on Lambda@Edge": ephemeral storage above 512 MB is not supported. */
    static final int MAX_EPHEMERAL_STORAGE_MB = 512;
    /** The runtimes the Lambda@Edge restrictions page lists as supported. */
    static final List<String> SUPPORTED_RUNTIMES = List.of("nodejs18.x", "nodejs20.x", "nodejs22.x", "python3.9",
            "python3.10", "python3.11", "python3.12", "python3.13");
    private static final Pattern VERSION_ARN = Pattern.compile(
            "arn:aws:lambda:([a-z0-9-]+):(\\d{12}):function:([a-zA-Z0-9-_]+):(\\d+)");

    private final LambdaClient lambda;

    EdgeFunctionCheck(LambdaClient lambda) {
        this.lambda = lambda;
    }

    void check(DistributionConfig config) {
        for (CacheBehavior behavior : config.allBehaviors()) {
            for (LambdaAssociation association : behavior.lambdaAssociations()) {
                check(association);
            }
        }
    }

    private void check(LambdaAssociation association) {
        String arn = association.lambdaFunctionArn();
        Matcher matcher = VERSION_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function ARN must reference a specific "
                    + "function version. (The ARN must end with the version number.) ARN: " + arn);
        }
        if (!REQUIRED_REGION.equals(matcher.group(1))) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function must be in region '"
                    + REQUIRED_REGION + "'. ARN: " + arn);
        }
        FunctionConfiguration function = fetch(arn);
        if (function.environment() != null && function.environment().hasVariables()
                && !function.environment().variables().isEmpty()) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function cannot have environment variables. "
                    + "Function: " + arn);
        }
        String runtime = function.runtimeAsString();
        if (!SUPPORTED_RUNTIMES.contains(runtime)) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function has a runtime that is not supported "
                    + "by Lambda@Edge: " + runtime + " Function: " + arn + " Supported runtimes: "
                    + SUPPORTED_RUNTIMES);
        }
        // AWS's wording for this refusal is not public; it is modelled on the size and timeout refusals.
        int storage = function.ephemeralStorage() == null || function.ephemeralStorage().size() == null
                ? MAX_EPHEMERAL_STORAGE_MB : function.ephemeralStorage().size();
        if (storage > MAX_EPHEMERAL_STORAGE_MB) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function ephemeral storage size is larger than "
                    + "the maximum allowed for functions that are triggered by a CloudFront event: " + storage
                    + " Max allowed: " + MAX_EPHEMERAL_STORAGE_MB + " Function: " + arn);
        }
        EventType event = association.eventType();
        long codeSize = function.codeSize() == null ? 0 : function.codeSize();
        if (codeSize > event.maxCodeSize()) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function code size is larger than the maximum "
                    + "allowed size for functions that are triggered by a CloudFront event: " + codeSize
                    + " Max allowed: " + event.maxCodeSize() + " Function: " + arn);
        }
        int memory = function.memorySize() == null ? MAX_VIEWER_MEMORY_MB : function.memorySize();
        if (event.isViewerTrigger() && memory > MAX_VIEWER_MEMORY_MB) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function memory size is larger than the "
                    + "maximum allowed size for functions that are triggered by a CloudFront event: " + memory
                    + " Max allowed: " + MAX_VIEWER_MEMORY_MB + " Function: " + arn);
        }
        int timeout = function.timeout() == null ? 3 : function.timeout();
        if (timeout > event.maxTimeoutSeconds()) {
            throw CloudFrontError.invalidLambdaFunctionAssociation("The function timeout is larger than the maximum "
                    + "allowed for functions that are triggered by a CloudFront event: " + timeout + " Max allowed: "
                    + event.maxTimeoutSeconds() + " Function: " + arn);
        }
    }

    /** CloudFront reads the version with lambda:GetFunction; a version it cannot read cannot be associated. */
    private FunctionConfiguration fetch(String arn) {
        try {
            return lambda.getFunction(request -> request.functionName(arn)).configuration();
        } catch (LambdaException e) {
            if (e.statusCode() >= 500) {
                throw CloudFrontError.internalFailure("Lambda failed while CloudFront validated " + arn);
            }
            throw CloudFrontError.invalidLambdaFunctionAssociation("Lambda@Edge cannot retrieve the specified Lambda "
                    + "function. Update the IAM policy to add permission: lambda:GetFunction for resource: " + arn
                    + " and try again.");
        } catch (SdkException e) {
            throw CloudFrontError.internalFailure("CloudFront could not reach Lambda to validate " + arn + ": "
                    + e.getMessage());
        }
    }
}
