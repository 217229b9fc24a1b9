package dev.edgedeploy.sandbox.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgedeploy.sandbox.LoopbackHttp;
import dev.edgedeploy.sandbox.cloudfront.CacheBehavior;
import dev.edgedeploy.sandbox.cloudfront.CloudFrontService;
import dev.edgedeploy.sandbox.cloudfront.DistributionConfig;
import dev.edgedeploy.sandbox.cloudfront.DistributionSnapshot;
import dev.edgedeploy.sandbox.cloudfront.EventType;
import dev.edgedeploy.sandbox.cloudfront.LambdaAssociation;
import dev.edgedeploy.sandbox.cloudfront.Origin;
import dev.edgedeploy.sandbox.lambda.EdgeReplica;
import dev.edgedeploy.sandbox.lambda.InvocationResult;
import dev.edgedeploy.sandbox.lambda.LambdaApiException;
import dev.edgedeploy.sandbox.lambda.LambdaService;
import dev.edgedeploy.sandbox.route53.Route53Service;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudFront's data plane for the sandbox's distributions: viewers' requests are matched to a cache behavior, looked
 * up in the receiving edge location's cache and, on a miss, given to the behavior's origin-request Lambda@Edge
 * version (run by the sandbox Lambda in that location's own execution environments) whose generated response is
 * served, or whose request is fetched from the sandbox S3 bucket it names; answers are cached by the behavior's TTL.
 *
 * <p><b>Edge locations.</b> Each has a name (the {@code x-amz-cf-pop}), a viewer region, its own cache, its own
 * warm Lambda@Edge environments ({@link EdgeReplica}) and its own Route53 name server
 * ({@code Route53Service.addEdgeLocation}). An environment's {@code node:dns} is pointed at its location's name
 * server before the handler loads, so a handler that resolves with the system resolver (the runtime does when
 * {@code origin.dnsServer} is null) meets the latency answers of its location's viewers; a bundle that names a
 * fixed {@code dnsServer} asks that server from every location, as it would on AWS. Nothing in the bundle is
 * rewritten. A default location ({@value #DEFAULT_EDGE_LOCATION}, us-east-1) always exists.
 *
 * <p><b>Propagation.</b> While a distribution is InProgress, the i-th of n edge locations (in the order added, the
 * default one first) serves the previous configuration until {@code lastModified + i/n × (deployedAt -
 * lastModified)}, then the current one: the default location switches at once, the others at staggered instants,
 * all before Deployed. With more than two configurations in service, a location not yet switched serves the one
 * before the current.
 *
 * <p><b>Over HTTP.</b> {@link #endpoint(String)} opens a loopback port per distribution. Two sandbox-only request
 * headers, consumed and never passed on, let a test or a browser name the viewer: {@value #CLIENT_IP_HEADER} (else
 * the connection's address) and {@value #EDGE_LOCATION_HEADER} (else the default location). The port speaks plain
 * HTTP and every request is treated as HTTPS (viewer protocol policies are not applied).
 *
 * <p><b>Triggers.</b> viewer-request (before the cache, on every request: its generated response, at most 40 KB,
 * goes to the viewer uncached with {@code x-cache: LambdaGeneratedResponse from cloudfront}; its request's uri,
 * query string and headers go on to the cache, the behavior stays the one first matched) and origin-request (on a
 * miss: its generated response, at most 1 MB, is cached under the behavior's TTL like an origin's answer). The
 * response triggers (origin-response, viewer-response) are not run by the sandbox.
 *
 * <p>CloudFront's own answers: a function error or timeout 503 ({@code LambdaExecutionError}), throttling 503
 * ({@code LambdaLimitExceeded}), a result CloudFront refuses 502 ({@code LambdaValidationError}), see
 * {@link FunctionResult}; a method the behavior's AllowedMethods does not list 403 (GET and HEAD when it lists none).
 * Only the behavior's CachedMethods are cached; a function whose association has IncludeBody gets the request body
 * (base64, at most 40 KB viewer-request, 1 MB origin-request, {@code inputTruncated} beyond); a method other than GET
 * or HEAD that reaches the S3 origin gets S3's 405. A managed CORS response headers policy adds
 * {@code Access-Control-Allow-Origin: *} to answers of requests with {@code Origin}. Added headers: {@code x-cache} ({@code Hit from
 * cloudfront} / {@code Miss from cloudfront}), {@code via}, {@code x-amz-cf-pop}, {@code x-amz-cf-id}, and
 * {@code age} on hits. Responses other than 200, 203, 300, 301 and 410 are not cached.
 */
public final class EdgeFront implements AutoCloseable {

    /** Sandbox-only request header: the viewer's client IP. */
    public static final String CLIENT_IP_HEADER = "x-sandbox-client-ip";
    /** Sandbox-only request header: the edge location that receives the request. */
    public static final String EDGE_LOCATION_HEADER = "x-sandbox-edge-location";
    /** The edge location of requests that name none. */
    public static final String DEFAULT_EDGE_LOCATION = "IAD89-C1";

    private static final List<Integer> CACHEABLE = List.of(200, 203, 300, 301, 410);

    private final CloudFrontService cloudFront;
    private final LambdaService lambda;
    private final Route53Service route53;
    private final S3Origin s3;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Location> locations = new LinkedHashMap<>();
    private final Map<String, HttpServer> listeners = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final Map<String, AtomicLong> invocations = new ConcurrentHashMap<>();

    /** One edge location's state. */
    private record Location(EdgeLocation location, Map<String, Cached> cache, String viaHost) {
    }

    /** A cached answer. */
    private record Cached(int status, Map<String, List<String>> headers, byte[] body, Instant storedAt,
            Instant expiresAt) {
    }

    /** What the origin side (function or bucket) answered. */
    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private EdgeFront(CloudFrontService cloudFront, LambdaService lambda, Route53Service route53, S3Origin s3,
            Clock clock) {
        this.cloudFront = cloudFront;
        this.lambda = lambda;
        this.route53 = route53;
        this.s3 = s3;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "edge-front-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the edge front of the sandbox services.
     *
     * @param s3Endpoint the sandbox S3 endpoint (path-style)
     * @param bucketsByRegion the sandbox's buckets, region to bucket name
     */
    public static EdgeFront start(CloudFrontService cloudFront, LambdaService lambda, Route53Service route53,
            URI s3Endpoint, String accessKeyId, String secretAccessKey, Map<String, String> bucketsByRegion,
            Clock clock) {
        EdgeFront front = new EdgeFront(Objects.requireNonNull(cloudFront, "cloudFront"),
                Objects.requireNonNull(lambda, "lambda"), Objects.requireNonNull(route53, "route53"),
                new S3Origin(s3Endpoint, accessKeyId, secretAccessKey, bucketsByRegion),
                Objects.requireNonNull(clock, "clock"));
        front.edgeLocation(DEFAULT_EDGE_LOCATION, "us-east-1");
        return front;
    }

    /**
     * Adds an edge location (or answers the existing one of that name) whose viewers are nearest to
     * {@code viewerRegion}.
     *
     * @throws IllegalArgumentException for a name that is not a point-of-presence code such as {@code FRA56-P5},
     *     an unknown region, or an existing name with another region
     */
    public synchronized EdgeLocation edgeLocation(String name, String viewerRegion) {
        if (name == null || !name.matches("[A-Za-z0-9]{2,12}(-[A-Za-z0-9]{1,8})?")) {
            throw new IllegalArgumentException("an edge location is named like FRA56-P5: " + name);
        }
        Location existing = locations.get(name);
        if (existing != null) {
            if (!existing.location().viewerRegion().equals(viewerRegion)) {
                throw new IllegalArgumentException("edge location " + name + " already serves viewers of "
                        + existing.location().viewerRegion());
            }
            return existing.location();
        }
        InetSocketAddress nameServer = route53.addEdgeLocation(name, viewerRegion);
        EdgeLocation location = new EdgeLocation(name, viewerRegion, nameServer);
        locations.put(name, new Location(location, new ConcurrentHashMap<>(), viaHost(name)));
        return location;
    }

    /** The edge locations, in the order added (the default one first). */
    public synchronized List<EdgeLocation> edgeLocations() {
        return locations.values().stream().map(Location::location).toList();
    }

    /** How many times the edge locations ran a Lambda@Edge version (by its ARN), successfully or not. */
    public long functionInvocations(String versionArn) {
        AtomicLong count = invocations.get(versionArn);
        return count == null ? 0 : count.get();
    }

    /** Drops every cached answer of every edge location (CloudFront's invalidation of {@code /*}). */
    public synchronized void invalidateAll() {
        locations.values().forEach(location -> location.cache().clear());
    }

    /**
     * Serves one viewer request of a distribution at the request's edge location.
     *
     * @throws IllegalArgumentException for an unknown distribution or edge location
     */
    public ViewerResponse request(String distributionId, ViewerRequest request) throws InterruptedException {
        Objects.requireNonNull(request, "request");
        String locationName = request.edgeLocation() == null ? DEFAULT_EDGE_LOCATION : request.edgeLocation();
        Location location;
        int index;
        int count;
        synchronized (this) {
            location = locations.get(locationName);
            if (location == null) {
                throw new IllegalArgumentException("no edge location " + locationName + "; add it with "
                        + "edgeLocation(name, viewerRegion). Known: " + locations.keySet());
            }
            index = new ArrayList<>(locations.keySet()).indexOf(locationName);
            count = locations.size();
        }
        DistributionSnapshot snapshot = cloudFront.snapshot(distributionId);
        String requestId = requestId();
        boolean head = request.method().equals("HEAD");
        CacheBehavior behavior = null;
        ViewerResponse response;
        try {
            DistributionConfig config = configServedAt(snapshot, index, count);
            if (!config.enabled()) {
                throw EdgeFailure.refused("The distribution is disabled.");
            }
            behavior = behaviorFor(config, request.uri());
            response = serve(snapshot, config, behavior, request, location, requestId, head);
        } catch (EdgeFailure failure) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("content-type", List.of("text/html"));
            response = viewerResponse(failure.status(), headers,
                    failure.page(requestId).getBytes(StandardCharsets.UTF_8), failure.xCache(), location, requestId,
                    head);
        }
        return withPolicyHeaders(response, behavior, request);
    }

    private ViewerResponse serve(DistributionSnapshot snapshot, DistributionConfig config, CacheBehavior behavior,
            ViewerRequest request, Location location, String requestId, boolean head)
            throws EdgeFailure, InterruptedException {
        if (!behavior.allows(request.method())) {
            throw EdgeFailure.refused("This distribution is not configured to allow the HTTP request method "
                    + "that was used for this request. The distribution supports only cachable requests.");
        }
        String distributionId = snapshot.id();
        LambdaAssociation viewerTrigger = association(behavior, EventType.VIEWER_REQUEST);
        if (viewerTrigger != null) {
            ObjectNode event = CloudFrontEvent.viewerRequest(json, snapshot, request, requestId);
            if (viewerTrigger.includeBody()) {
                CloudFrontEvent.body((ObjectNode) event.get("Records").get(0).get("cf").get("request"),
                        request.body(), CloudFrontEvent.VIEWER_BODY_LIMIT);
            }
            JsonNode result = invoke(viewerTrigger.lambdaFunctionArn(), event, location.location());
            if (FunctionResult.isResponse(result)) {
                // a viewer-request response goes to the viewer as it is, never cached
                FunctionResult.Generated generated = FunctionResult.response(result,
                        FunctionResult.VIEWER_RESPONSE_LIMIT);
                return viewerResponse(generated.status(), generated.headers(), generated.body(),
                        "LambdaGeneratedResponse from cloudfront", location, requestId, head);
            }
            request = changedBy(FunctionResult.viewerRequest(result,
                    (ObjectNode) event.get("Records").get(0).get("cf").get("request")), request);
        }
        CachingRules rules = CachingRules.of(behavior);
        String acceptEncoding = rules.normalisedAcceptEncoding(request.header("accept-encoding"));
        String querystring = rules.queryString() ? request.querystring() : "";
        String cacheKey = distributionId + " " + request.uri() + "?" + querystring + " " + acceptEncoding;
        // only the behavior's cached methods (GET and HEAD, maybe OPTIONS) are looked up and stored
        boolean cacheable = behavior.caches(request.method());
        Instant now = clock.instant();
        Cached cached = cacheable ? location.cache().get(cacheKey) : null;
        if (cached != null && now.isBefore(cached.expiresAt())) {
            Map<String, List<String>> headers = new LinkedHashMap<>(cached.headers());
            headers.put("age", List.of(Long.toString(Duration.between(cached.storedAt(), now).toSeconds())));
            return viewerResponse(cached.status(), headers, cached.body(), "Hit from cloudfront", location,
                    requestId, head);
        }
        Answer answer = fromOrigin(snapshot, config, behavior, request, querystring, acceptEncoding, location,
                requestId);
        long ttl = rules.ttlSeconds(first(answer.headers(), "cache-control"));
        if (cacheable && ttl > 0 && CACHEABLE.contains(answer.status())) {
            location.cache().put(cacheKey, new Cached(answer.status(), answer.headers(), answer.body(), now,
                    now.plusSeconds(ttl)));
        }
        return viewerResponse(answer.status(), answer.headers(), answer.body(),
                answer.status() < 400 ? "Miss from cloudfront" : "Error from cloudfront", location, requestId,
                head);
    }

    /**
     * The behavior's managed CORS response headers policy: a request with {@code Origin} gets
     * {@code Access-Control-Allow-Origin: *} unless the answer has its own (origin override off).
     */
    private static ViewerResponse withPolicyHeaders(ViewerResponse response, CacheBehavior behavior,
            ViewerRequest request) {
        if (behavior == null || behavior.responseHeadersPolicy().isEmpty() || request.header("origin") == null
                || response.headers().containsKey("access-control-allow-origin")) {
            return response;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
        headers.put("access-control-allow-origin", List.of("*"));
        return new ViewerResponse(response.status(), headers, response.body());
    }

    /**
     * The loopback HTTP endpoint of a distribution, {@code http://127.0.0.1:<port>}, opened on first use.
     *
     * @throws IllegalArgumentException for an unknown distribution
     */
    public URI endpoint(String distributionId) {
        cloudFront.snapshot(distributionId);
        HttpServer server = listeners.computeIfAbsent(distributionId, this::listen);
        return LoopbackHttp.endpoint(server);
    }

    @Override
    public void close() {
        listeners.values().forEach(server -> server.stop(0));
        listeners.clear();
        executor.shutdownNow();
        s3.close();
    }

    /** Which configuration the location at {@code index} of {@code count} applies now. */
    private DistributionConfig configServedAt(DistributionSnapshot snapshot, int index, int count) {
        List<DistributionConfig> configs = snapshot.configsInService();
        if (configs.size() < 2) {
            return snapshot.current();
        }
        Duration window = Duration.between(snapshot.lastModified(), snapshot.deployedAt());
        Instant switchAt = snapshot.lastModified().plus(window.multipliedBy(index).dividedBy(count));
        return clock.instant().isBefore(switchAt) ? configs.get(configs.size() - 2) : snapshot.current();
    }

    /** The first ordered behavior whose pattern matches the path, else the default behavior. */
    static CacheBehavior behaviorFor(DistributionConfig config, String uri) {
        for (CacheBehavior behavior : config.cacheBehaviors()) {
            if (PathPattern.matches(behavior.pathPattern(), uri)) {
                return behavior;
            }
        }
        return config.defaultCacheBehavior();
    }

    private Answer fromOrigin(DistributionSnapshot snapshot, DistributionConfig config, CacheBehavior behavior,
            ViewerRequest viewer, String querystring, String acceptEncoding, Location location, String requestId)
            throws EdgeFailure, InterruptedException {
        Origin origin = config.origins().stream().filter(o -> o.id().equals(behavior.targetOriginId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no origin " + behavior.targetOriginId()));
        if (!origin.s3()) {
            throw EdgeFailure.origin("The sandbox edge front reaches S3 origins only; " + origin.domainName()
                    + " is a custom origin.");
        }
        ObjectNode event = CloudFrontEvent.originRequest(json, snapshot, origin, viewer, querystring, acceptEncoding,
                requestId, location.viaHost());
        ObjectNode request = (ObjectNode) event.get("Records").get(0).get("cf").get("request");
        LambdaAssociation association = association(behavior, EventType.ORIGIN_REQUEST);
        if (association != null) {
            if (association.includeBody()) {
                CloudFrontEvent.body(request, viewer.body(), CloudFrontEvent.ORIGIN_BODY_LIMIT);
            }
            JsonNode result = invoke(association.lambdaFunctionArn(), event, location.location());
            if (FunctionResult.isResponse(result)) {
                FunctionResult.Generated generated = FunctionResult.response(result,
                        FunctionResult.ORIGIN_RESPONSE_LIMIT);
                return new Answer(generated.status(), generated.headers(), generated.body());
            }
            request = FunctionResult.request(result, request);
        }
        if (!request.get("origin").has("s3")) {
            throw EdgeFailure.origin("The sandbox edge front reaches S3 origins only.");
        }
        if (!viewer.method().equals("GET") && !viewer.method().equals("HEAD")) {
            // what S3 answers a method its REST endpoint does not serve on an object
            byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>MethodNotAllowed</Code><Message>The"
                    + " specified method is not allowed against this resource.</Message><Method>" + viewer.method()
                    + "</Method></Error>").getBytes(StandardCharsets.UTF_8);
            return new Answer(405, Map.of("content-type", List.of("application/xml")), xml);
        }
        JsonNode s3Origin = request.get("origin").get("s3");
        S3Origin.Fetched fetched = s3.fetch(s3Origin.path("domainName").asText(), s3Origin.path("path").asText(""),
                request.get("uri").asText());
        return new Answer(fetched.status(), fetched.headers(), fetched.body());
    }

    private static LambdaAssociation association(CacheBehavior behavior, EventType eventType) {
        return behavior.lambdaAssociations().stream().filter(a -> a.eventType() == eventType).findFirst()
                .orElse(null);
    }

    /**
     * The viewer's request as a viewer-request function left it: its uri, query string and headers (first value of
     * each) go on to the cache; the behavior stays the one matched before the function ran.
     */
    private static ViewerRequest changedBy(ObjectNode result, ViewerRequest viewer) throws EdgeFailure {
        Map<String, String> headers = new LinkedHashMap<>();
        FunctionResult.headers(result.get("headers"), java.util.Set.of()).forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        return new ViewerRequest(viewer.method(), result.get("uri").asText(),
                result.path("querystring").asText(""), headers, viewer.clientIp(), viewer.edgeLocation(),
                viewer.body());
    }

    private JsonNode invoke(String versionArn, ObjectNode event, EdgeLocation location)
            throws EdgeFailure, InterruptedException {
        InvocationResult result;
        invocations.computeIfAbsent(versionArn, arn -> new AtomicLong()).incrementAndGet();
        try {
            result = lambda.invoke(versionArn, json.writeValueAsBytes(event),
                    new EdgeReplica(location.name(), location.viewerRegion(), location.resolver()));
        } catch (LambdaApiException e) {
            throw e.status() == 429 ? EdgeFailure.throttled() : EdgeFailure.execution();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (result.functionError() != null) {
            throw EdgeFailure.execution();
        }
        try {
            return json.readTree(result.payload());
        } catch (IOException e) {
            throw EdgeFailure.validation("The Lambda function returned invalid JSON.");
        }
    }

    private static ViewerResponse viewerResponse(int status, Map<String, List<String>> answerHeaders, byte[] body,
            String xCache, Location location, String requestId, boolean head) {
        Map<String, List<String>> headers = new LinkedHashMap<>(answerHeaders);
        headers.remove("content-length");
        headers.put("content-length", List.of(Integer.toString(body.length)));
        headers.put("x-cache", List.of(xCache));
        headers.put("via", List.of("1.1 " + location.viaHost() + " (CloudFront)"));
        headers.put("x-amz-cf-pop", List.of(location.location().name()));
        headers.put("x-amz-cf-id", List.of(requestId));
        return new ViewerResponse(status, headers, head ? new byte[0] : body);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A CloudFront request id: 56 characters of URL-safe base64. */
    private String requestId() {
        byte[] bytes = new byte[40];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    /** The {@code <hex>.cloudfront.net} host of a location's servers in {@code Via}, stable per location. */
    private static String viaHost(String locationName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(locationName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".cloudfront.net";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpServer listen(String distributionId) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> serve(distributionId, exchange));
            server.setExecutor(executor);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the edge front of " + distributionId + " on loopback", e);
        }
    }

    private void serve(String distributionId, HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals(CLIENT_IP_HEADER) && !lower.equals(EDGE_LOCATION_HEADER) && !values.isEmpty()) {
                    headers.put(lower, String.join(", ", values));
                }
            });
            String clientIp = exchange.getRequestHeaders().getFirst(CLIENT_IP_HEADER);
            if (clientIp == null) {
                clientIp = exchange.getRemoteAddress().getAddress().getHostAddress();
            }
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            ViewerRequest request = new ViewerRequest(exchange.getRequestMethod(), path,
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers, clientIp,
                    exchange.getRequestHeaders().getFirst(EDGE_LOCATION_HEADER), body);
            ViewerResponse response;
            try {
                response = request(distributionId, request);
            } catch (IllegalArgumentException e) {
                byte[] text = ("edge-sandbox: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(400, text.length);
                exchange.getResponseBody().write(text);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while serving " + path, e);
            }
            response.headers().forEach((name, values) -> {
                if (!name.equals("content-length")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean head = request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head || response.body().length == 0 ? -1
                    : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }
}
