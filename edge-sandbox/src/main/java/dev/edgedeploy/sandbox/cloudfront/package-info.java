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
 */
package dev.edgedeploy.sandbox.cloudfront;
