package dev.edgedeploy.sandbox.edge;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 origins an edge location fetches from: {@code <bucket>.s3.<region>.amazonaws.com} (and the legacy global
 * {@code <bucket>.s3.amazonaws.com}, us-east-1) mapped onto the sandbox's buckets, read with GetObject against the
 * sandbox S3 (so {@code EdgeSandbox.s3Traffic()} sees which bucket served).
 *
 * <p>What the viewer gets is what CloudFront passes on from S3: the object with its Content-Type,
 * Content-Encoding, Cache-Control, ETag and Last-Modified; an unknown bucket 404 NoSuchBucket; a bucket addressed
 * in another region's endpoint 301 PermanentRedirect. A missing key answers <b>403 AccessDenied</b>: an S3 origin
 * behind an origin access identity/control is granted {@code s3:GetObject} only, and without {@code s3:ListBucket}
 * S3 hides whether a key exists ("How Amazon S3 authorizes a request", "Restricting access to an Amazon S3 origin").
 */
final class S3Origin implements AutoCloseable {

    private static final Pattern S3_DOMAIN = Pattern.compile(
            "^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\\.s3(?:[.-]([a-z0-9-]+))?\\.amazonaws\\.com$");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final Map<String, String> regionOfBucket = new LinkedHashMap<>();

    /** What S3 answered. */
    record Fetched(int status, Map<String, List<String>> headers, byte[] body) {
    }

    S3Origin(URI endpoint, String accessKeyId, String secretAccessKey, Map<String, String> bucketsByRegion) {
        bucketsByRegion.forEach((region, bucket) -> regionOfBucket.put(bucket, region));
        this.s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    /** The region an S3 origin domain names (us-east-1 for the global endpoint), null when it is no S3 domain. */
    static String regionOf(String domainName) {
        Matcher matcher = S3_DOMAIN.matcher(domainName);
        if (!matcher.matches()) {
            return null;
        }
        return matcher.group(2) == null ? "us-east-1" : matcher.group(2);
    }

    /** GETs (or HEADs) {@code originPath + uri} from the bucket the domain name addresses. */
    Fetched fetch(String domainName, String originPath, String uri) throws EdgeFailure {
        Matcher matcher = S3_DOMAIN.matcher(domainName);
        if (!matcher.matches()) {
            throw EdgeFailure.origin("The S3 origin domain " + domainName + " is not an S3 bucket endpoint.");
        }
        String bucket = matcher.group(1);
        String domainRegion = matcher.group(2) == null ? "us-east-1" : matcher.group(2);
        String bucketRegion = regionOfBucket.get(bucket);
        if (bucketRegion == null) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist", bucket);
        }
        if (!bucketRegion.equals(domainRegion) && matcher.group(2) != null) {
            return error(301, "PermanentRedirect", "The bucket you are attempting to access must be addressed "
                    + "using the specified endpoint. Please send all future requests to this endpoint.", bucket);
        }
        String key = percentDecode(originPath + uri).substring(1);
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            GetObjectResponse response = object.response();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            put(headers, "content-type", response.contentType());
            put(headers, "content-encoding", response.contentEncoding());
            put(headers, "cache-control", response.cacheControl());
            put(headers, "etag", response.eTag());
            put(headers, "last-modified", response.lastModified() == null ? null
                    : HTTP_DATE.format(response.lastModified()));
            return new Fetched(200, headers, object.asByteArray());
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("NoSuchKey".equals(code) || e.statusCode() == 404) {
                return error(403, "AccessDenied", "Access Denied", null);
            }
            return error(e.statusCode(), code == null ? "InternalError" : code, e.getMessage(), null);
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw EdgeFailure.origin("The sandbox S3 did not answer: " + e.getMessage());
        }
    }

    private static void put(Map<String, List<String>> headers, String name, String value) {
        if (value != null) {
            headers.put(name, List.of(value));
        }
    }

    private static Fetched error(int status, String code, String message, String bucket) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message>" + (bucket == null ? "" : "<BucketName>" + bucket + "</BucketName>")
                + "</Error>";
        return new Fetched(status, Map.of("content-type", List.of("application/xml")),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    /** S3 decodes the request path; {@code +} stays a plus (it is not a query string). */
    static String percentDecode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    @Override
    public void close() {
        s3.close();
    }
}
