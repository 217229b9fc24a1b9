/**
 * A local Route53: the REST-XML API (2013-04-01) for hosted zones, TXT record sets with simple or latency routing,
 * changes and health checks, and loopback name servers that answer from it. {@link
 * dev.edgedeploy.sandbox.route53.Route53Service} is the entry point.
 *
 * <p>Fidelity rule: what AWS rejects is rejected with AWS's error code, HTTP status and (where known) message, so
 * the SDK raises the same typed exception. Sources: the SDK 2.40.2 client (error codes and statuses registered in
 * {@code DefaultRoute53Client}, the {@code Route53IdInterceptor}), the Route53 API reference (CallerReference
 * idempotency of CreateHostedZone and CreateHealthCheck, change batches being transactional, one latency record
 * per region), the developer guide ("How Amazon Route 53 chooses records when health checking is configured"), and
 * error texts AWS is known to send ({@code [Tried to create resource record set [name='…', type='TXT'] but it
 * already exists]}, {@code Invalid request: Missing field 'SetIdentifier' in Change with […]}, {@code
 * InvalidCharacterString (Value should be enclosed in quotation marks)}). AWS answers InvalidChangeBatch as a
 * standard {@code ErrorResponse} whose message lists every problem in brackets (see aws-sdk-kotlin#1435).
 *
 * <p>Deliberately out of scope, refused by name with InvalidInput rather than accepted unchecked: record types
 * other than TXT (the apex SOA and NS exist but cannot be changed), alias and traffic-policy record sets, routing
 * policies other than latency, private zones and reusable delegation sets.
 *
 * <p><b>State.</b> With a state directory ({@code Route53Service.Settings.withStateDirectory}) hosted zones with every
 * record set, changes (PENDING until their deadline, judged against the clock again after a restart) and health
 * checks with their observed status are rewritten to {@code route53-state.json} after every accepted change and
 * restored on start ({@link dev.edgedeploy.sandbox.StateFile}). The name servers are not state: after a restart the
 * default listener and each edge location (added again) listen on new ports, answering from the same zones.
 */
package dev.edgedeploy.sandbox.route53;
