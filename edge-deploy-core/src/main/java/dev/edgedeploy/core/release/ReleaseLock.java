package dev.edgedeploy.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.manifest.BuildLayout;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One deployer at a time (G5): {@code _edge-deploy/lock.json} in the primary bucket, created with a conditional
 * write ({@code If-None-Match: *}) so two deployers cannot both succeed, naming its holder. Released in
 * {@link #close()} (only by its holder). A lock left by a killed deployer is broken only explicitly: with
 * {@code breakStale} once it is older than {@code staleAfter}, or by deleting the object.
 */
public final class ReleaseLock implements AutoCloseable {

    public static final String KEY = BuildLayout.CONTROL_ROOT + "lock.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final LockOwner owner;
    private boolean released;

    private ReleaseLock(S3Client s3, String bucket, LockOwner owner) {
        this.s3 = s3;
        this.bucket = bucket;
        this.owner = owner;
    }

    /**
     * Takes the lock or fails fast naming its holder.
     *
     * @param staleAfter how old a holder's lock must be to be broken
     * @param breakStale whether to break a lock older than {@code staleAfter}
     * @throws ReleaseFailedException when another deployer holds it
     */
    public static ReleaseLock acquire(S3Client s3, String bucket, LockOwner owner, Duration staleAfter,
            boolean breakStale, Instant now) {
        Objects.requireNonNull(owner, "owner");
        if (tryCreate(s3, bucket, owner)) {
            return new ReleaseLock(s3, bucket, owner);
        }
        Optional<LockOwner> holder = holder(s3, bucket);
        if (holder.isEmpty()) {
            // released between our write and our read: one more try, then give up naming nobody
            if (tryCreate(s3, bucket, owner)) {
                return new ReleaseLock(s3, bucket, owner);
            }
            throw new ReleaseFailedException("Another deploy took the release lock s3://" + bucket + "/" + KEY
                    + " at the same moment; run the deploy again.");
        }
        Duration age = age(holder.get(), now);
        if (breakStale && age.compareTo(staleAfter) > 0) {
            delete(s3, bucket);
            if (tryCreate(s3, bucket, owner)) {
                return new ReleaseLock(s3, bucket, owner);
            }
            holder = holder(s3, bucket);
        }
        throw refusal(bucket, holder, age, staleAfter);
    }

    /**
     * Fails fast, before a deploy uploads anything, when another deployer holds the lock and will still hold it
     * when this one asks ({@link #acquire} decides; this only saves the upload). A missing bucket is left to the
     * upload's own check, which names it.
     *
     * @throws ReleaseFailedException naming the holder
     */
    public static void refuseIfHeld(S3Client s3, String bucket, Duration staleAfter, boolean breakStale,
            Instant now) {
        Optional<LockOwner> holder;
        try {
            holder = holder(s3, bucket);
        } catch (TargetException e) {
            if (e.getCause() instanceof S3Exception missing && missing.awsErrorDetails() != null
                    && "NoSuchBucket".equals(missing.awsErrorDetails().errorCode())) {
                return;
            }
            throw e;
        }
        if (holder.isPresent()) {
            Duration age = age(holder.get(), now);
            if (!(breakStale && age.compareTo(staleAfter) > 0)) {
                throw refusal(bucket, holder, age, staleAfter);
            }
        }
    }

    private static ReleaseFailedException refusal(String bucket, Optional<LockOwner> holder, Duration age,
            Duration staleAfter) {
        return new ReleaseFailedException("Another deploy is releasing to this target: " + holder.map(Object::toString)
                .orElse("unknown") + " holds s3://" + bucket + "/" + KEY + " (for " + age.toMinutes() + " min)."
                + " Wait for it to finish. If that deploy was killed, break its lock with"
                + " -DedgeDeploy.breakStaleLock=true once it is older than " + staleAfter.toMinutes()
                + " min, or delete that object.");
    }

    /** The current holder, if any. */
    public static Optional<LockOwner> holder(S3Client s3, String bucket) {
        try {
            byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(KEY)).asByteArray();
            return Optional.of(JSON.readValue(bytes, LockOwner.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TargetException("The release lock s3://" + bucket + "/" + KEY + " is not readable ("
                    + e.getMessage() + "); delete it if no deploy is running.", true, e);
        } catch (SdkException e) {
            throw new TargetException("Cannot read the release lock s3://" + bucket + "/" + KEY + ": "
                    + e.getMessage(), false, e);
        }
    }

    public LockOwner owner() {
        return owner;
    }

    /** Deletes the lock if it is still ours; later calls do nothing. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        Pause.uninterrupted(() -> {
            Optional<LockOwner> holder = holder(s3, bucket);
            if (holder.isPresent() && holder.get().token().equals(owner.token())) {
                delete(s3, bucket);
            }
        });
    }

    private static boolean tryCreate(S3Client s3, String bucket, LockOwner owner) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(KEY).ifNoneMatch("*").contentType("application/json")
                    .cacheControl("no-store"), RequestBody.fromBytes(JSON.writeValueAsBytes(owner)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw new TargetException("Cannot write the release lock s3://" + bucket + "/" + KEY + ": "
                    + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the lock", e);
        }
    }

    private static void delete(S3Client s3, String bucket) {
        s3.deleteObject(r -> r.bucket(bucket).key(KEY));
    }

    private static Duration age(LockOwner holder, Instant now) {
        try {
            return Duration.between(Instant.parse(holder.acquiredAt()), now);
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
