package dev.edgedeploy.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import dev.edgedeploy.sandbox.lambda.WorkerCredentials;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The sandbox's S3: s3proxy in-process on loopback over a filesystem store, with request counts and faults. */
final class S3Server implements AutoCloseable {

    private final S3Proxy s3proxy;
    private final BlobStore store;
    private final BlobStore unobserved;
    private final S3Traffic traffic;
    private final URI endpoint;

    private S3Server(S3Proxy s3proxy, BlobStore store, BlobStore unobserved, S3Traffic traffic) {
        this.s3proxy = s3proxy;
        this.store = store;
        this.unobserved = unobserved;
        this.traffic = traffic;
        this.endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
    }

    static S3Server start(Path s3State, int port, Collection<String> buckets) {
        prepare(s3State);
        S3Traffic traffic = new S3Traffic();
        BlobStore unobserved = new FilesystemNio2BlobStore(s3State.toString());
        BlobStore store = new ObservedBlobStore(unobserved, traffic);
        S3Proxy s3proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V4, EdgeSandbox.ACCESS_KEY_ID, EdgeSandbox.SECRET_ACCESS_KEY)
                // the SDK sends headers s3proxy does not model (checksum mode, SDK hints): AWS ignores them too
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .build();
        // Functions sign with their execution role's credentials (the edge runtime shares its GetAlias cache in the
        // primary bucket): S3 accepts them as AWS would a role allowed to, beside the sandbox's own identity.
        WorkerCredentials role = WorkerCredentials.sandbox();
        s3proxy.setBlobStoreLocator((identity, container, blob) -> {
            if (EdgeSandbox.ACCESS_KEY_ID.equals(identity)) {
                return new AccessGrant(EdgeSandbox.SECRET_ACCESS_KEY, store);
            }
            return role.accessKeyId().equals(identity) ? new AccessGrant(role.secretAccessKey(), store) : null;
        });
        ExchangeHandler.install(s3proxy);
        try {
            s3proxy.start();
            for (String bucket : buckets) {
                if (!store.containerExists(bucket)) {
                    store.createContainer(bucket);
                }
            }
        } catch (Exception e) {
            stopQuietly(s3proxy, e);
            store.close();
            throw new IllegalStateException("cannot start the sandbox's S3 endpoint on 127.0.0.1:" + port
                    + " with state in " + s3State + ": " + e.getMessage(), e);
        }
        traffic.resetCounts();
        return new S3Server(s3proxy, store, unobserved, traffic);
    }

    URI endpoint() {
        return endpoint;
    }

    int port() {
        return s3proxy.getPort();
    }

    S3Traffic traffic() {
        return traffic;
    }

    /** An object's bytes read inside the sandbox (not counted as S3 traffic), e.g. a Lambda package. */
    Optional<byte[]> read(String bucket, String key) {
        try (InputStream in = store.getBlob(bucket, key)) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key + " in the sandbox", e);
        }
    }

    /** Every bucket's object keys, buckets and keys sorted, read inside the sandbox (not counted as S3 traffic). */
    SortedMap<String, List<String>> keysByBucket() {
        SortedMap<String, List<String>> keys = new TreeMap<>();
        for (Bucket bucket : unobserved.list().buckets()) {
            List<String> bucketKeys = new ArrayList<>();
            String token = null;
            do {
                ListObjectsV2Response page = unobserved.list(ListObjectsV2Request.builder().bucket(bucket.name())
                        .continuationToken(token).build());
                page.contents().forEach(object -> bucketKeys.add(object.key()));
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            bucketKeys.sort(null);
            keys.put(bucket.name(), List.copyOf(bucketKeys));
        }
        return keys;
    }

    @Override
    public void close() {
        try {
            s3proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the sandbox's S3 endpoint on port " + port(), e);
        } finally {
            store.close();
        }
    }

    private static void prepare(Path state) {
        try {
            Files.createDirectories(state);
            if (!Files.getFileStore(state).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
                throw new IllegalStateException("the sandbox's state directory " + state + " is on a file system"
                        + " without user extended attributes, where S3 object metadata (Content-Type,"
                        + " Content-Encoding, Cache-Control, x-amz-meta-*) would be lost. Fix: choose a"
                        + " directory on ext4, xfs, btrfs or APFS.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox's state directory " + state, e);
        }
    }

    private static void stopQuietly(S3Proxy s3proxy, Exception failure) {
        try {
            s3proxy.stop();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
