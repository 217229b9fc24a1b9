/**
 * The sandbox's CloudFront data plane: {@link dev.edgedeploy.sandbox.edge.EdgeFront}.
 *
 * <pre>{@code
 * EdgeFront edge = sandbox.edgeFront();
 * edge.edgeLocation("DUB56-P1", "eu-west-1");             // own cache, own Lambda@Edge environments, own resolver
 * ViewerResponse response = edge.request(distributionId,
 *         ViewerRequest.get("/assets/index.js").withHeader("Accept-Encoding", "gzip, br")
 *                 .withClientIp("198.51.100.7").at("DUB56-P1"));
 * URI browserUrl = edge.endpoint(distributionId);          // http://127.0.0.1:<port>, one port per distribution
 * }</pre>
 *
 * <p><b>Many viewers.</b> {@link dev.edgedeploy.sandbox.edge.ViewerPanel} asks the entry for 1,000 (or N) viewers with
 * seeded public addresses spread over the front's edge locations and answers a
 * {@link dev.edgedeploy.sandbox.edge.ViewerSample}: the build each viewer got, shares, who changed between samples.
 *
 * <p><b>Sandbox-only request headers</b> on the HTTP endpoint, consumed and never passed to a function or origin:
 * {@code x-sandbox-client-ip} (the viewer's {@code clientIp}; default: the connection's address) and
 * {@code x-sandbox-edge-location} (the receiving edge location; default {@code IAD89-C1}, us-east-1). An unknown
 * edge location answers 400 from the sandbox itself.
 *
 * <p><b>Deviations from CloudFront</b>, each deliberate: plain HTTP on loopback with every request treated as HTTPS
 * (viewer protocol policies, TLS and HTTP/2 are not simulated); of the response headers policies only the managed
 * CORS ones apply, and only their Access-Control-Allow-Origin; S3 origins only (a custom origin answers 502); origin access identities are
 * not modelled ({@code authMethod} is {@code none}); cache policies are the managed ones, legacy behaviors do not
 * forward or key on query strings, cookies or viewer headers; origin error responses are not cached (CloudFront
 * caches them for its error caching minimum TTL, 10 s by default); CloudFront does not compress objects for
 * viewers itself; origin-response and viewer-response triggers are not run; a generated response's size counts its
 * body as returned (base64 text when {@code bodyEncoding} is base64), the stricter reading of the quota.
 */
package dev.edgedeploy.sandbox.edge;
