/**
 * The sandbox's Amazon CloudFront control plane, API version 2020-05-31 (REST-XML), limited to what a deployer of
 * Lambda@Edge needs: CreateDistribution, GetDistribution, GetDistributionConfig, UpdateDistribution and
 * ListDistributions. It refuses what CloudFront refuses, with CloudFront's error codes and HTTP statuses so the SDK
 * raises the same typed exceptions: missing required members (MalformedXML), Quantity not matching Items
 * (InconsistentQuantities), unknown target origins (NoSuchOrigin), If-Match missing (InvalidIfMatchVersion) or stale
 * (PreconditionFailed), a changed CallerReference (IllegalUpdate), a reused one (DistributionAlreadyExists), and
 * every Lambda@Edge restriction (InvalidLambdaFunctionAssociation), checked against the sandbox Lambda.
 *
 * <p>Sources: the AWS SDK v2 2.40.2 {@code cloudfront} model classes (shapes, member names, waiters), the CloudFront
 * API reference (operations, errors), the CloudFront developer guide's "Restrictions on Lambda@Edge" and "Quotas"
 * pages (limits), and AWS's own error texts as quoted in public issue reports (cited where used).
 *
 * <p><b>State.</b> With a state directory ({@code CloudFrontService.Settings.withStateDirectory}) every distribution
 * (configuration documents, ETag, ids, ARN, domain name, LastModifiedTime, and each change still in service with its
 * propagation deadline) is rewritten to {@code cloudfront-state.json} after every accepted change and restored on
 * start ({@link dev.edgedeploy.sandbox.StateFile}); a change InProgress at shutdown is Deployed after a restart if its
 * deadline has passed meanwhile. Without one, state lives in memory.
 */
package dev.edgedeploy.sandbox.cloudfront;
