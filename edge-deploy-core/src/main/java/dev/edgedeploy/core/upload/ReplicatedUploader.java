package dev.edgedeploy.core.upload;

import dev.edgedeploy.core.EdgeDeployException;
import dev.edgedeploy.core.ImmutableBuildException;
import dev.edgedeploy.core.TargetException;
import dev.edgedeploy.core.aws.AwsClients;
import dev.edgedeploy.core.build.BuildId;
import dev.edgedeploy.core.event.ByteSize;
import dev.edgedeploy.core.event.DeployEvent;
import dev.edgedeploy.core.event.DeployListener;
import dev.edgedeploy.core.manifest.AssetManifest;
import dev.edgedeploy.core.manifest.BuildLayout;
import dev.edgedeploy.core.manifest.ManifestJson;
import dev.edgedeploy.core.manifest.ManifestObject;
import dev.edgedeploy.core.packaging.PackagedBuild;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Puts a packaged build into every bucket of a target so that no viewer can see it half-uploaded (G1), nothing of
 * an existing build is ever overwritten (G3), and a run killed anywhere converges when run again (G4):
 *
 * <ol>
 *   <li>check: every bucket exists and is ours (HeadBucket, all regions in parallel), before any write;</li>
 *   <li>plan: list {@code assets/<buildId>/} per region and compare what is there (size and ETag = MD5, else the
 *       {@code x-amz-meta-sha256} we write on every object): equal objects are skipped, a different one stops the
 *       run before any write anywhere;</li>
 *   <li>upload the rest, all regions at once through one bounded pool, each PUT guarded by
 *       {@code If-None-Match: *} and carrying its SHA-256 so S3 checks the bytes; big objects go multipart. An
 *       object the bucket's latest committed build (its <em>donor</em>) already holds with the same content and
 *       headers is copied inside the bucket instead (CopyObject pinned to the donor's ETag, same guard), so a build
 *       that changes one file sends one file; a copy whose source vanished or changed falls back to the PUT;</li>
 *   <li>verify every key in every region, copies included;</li>
 *   <li>commit: write the manifest, last, to each region that does not hold it yet, then point the bucket's
 *       {@link BuildLayout#latestCommitKey() latest-commit hint} at this build.</li>
 * </ol>
 */
public final class ReplicatedUploader {

    private final AwsClients clients;
    private final UploadOptions options;

    public ReplicatedUploader(AwsClients clients) {
        this(clients, UploadOptions.defaults());
    }

    public ReplicatedUploader(AwsClients clients, UploadOptions options) {
        this.clients = clients;
        this.options = options;
    }

    public UploadReport upload(PackagedBuild build, DeployTarget target, DeployListener listener) {
        LocalObjects local = LocalObjects.read(build);
        AssetManifest manifest = build.manifest();
        List<BucketTarget> buckets = target.all();
        listener.on(DeployEvent.lifecycle("Uploading build " + build.buildId() + " (" + manifest.objects().size()
                + " objects, " + ByteSize.format(manifest.totalBytes()) + ") to " + buckets.size() + " region(s): "
                + buckets.stream().map(BucketTarget::toString).collect(Collectors.joining(", "))));
        List<RegionUpload> regions = buckets.stream()
                .map(b -> new RegionUpload(new BucketClient(b, clients.s3(b.region())), clients.retries(b.region())))
                .toList();

        ExecutorService pool = Executors.newFixedThreadPool(clients.settings().maxConcurrency(), threads());
        try {
            Tasks tasks = new Tasks(pool);
            long start = System.nanoTime();
            check(regions, tasks, listener);
            long checked = System.nanoTime();
            plan(regions, local, tasks, listener);
            long planned = System.nanoTime();
            transfer(regions, local, tasks, listener);
            long uploaded = System.nanoTime();
            verify(regions, local, tasks, listener);
            long verified = System.nanoTime();
            commit(regions, local, tasks, listener);
            long committed = System.nanoTime();
            return report(build, regions, new UploadReport.PhaseTimings(millis(start, checked), millis(checked, planned),
                    millis(planned, uploaded), millis(uploaded, verified), millis(verified, committed)));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Phase 1: every bucket reachable, all problems reported at once, nothing written. */
    private void check(List<RegionUpload> regions, Tasks tasks, DeployListener listener) {
        listener.on(DeployEvent.lifecycle("Checking " + regions.size() + " bucket(s)"));
        List<Optional<BucketProblem>> problems = tasks.all(regions.stream()
                .<Callable<Optional<BucketProblem>>>map(r -> () -> bucketProblem(r.bucket)).toList(), false);
        List<BucketProblem> found = problems.stream().flatMap(Optional::stream).toList();
        if (!found.isEmpty()) {
            throw new TargetException("The deploy target is not usable; nothing was uploaded anywhere:"
                    + found.stream().map(p -> "\n  - " + p.message()).collect(Collectors.joining()),
                    found.stream().allMatch(BucketProblem::userFixable), found.get(0).cause());
        }
    }

    private Optional<BucketProblem> bucketProblem(BucketClient bucket) {
        BucketTarget t = bucket.target();
        try {
            bucket.headBucket();
            return Optional.empty();
        } catch (S3Exception e) {
            String fix = "or correct the bucket of region " + t.region() + " in the pom's <buckets>.";
            return Optional.of(switch (e.statusCode()) {
                case 404 -> new BucketProblem("bucket " + t.bucket() + " (" + t.region() + ") does not exist. Fix:"
                        + " create it (aws s3 mb s3://" + t.bucket() + " --region " + t.region()
                        + "), run edge-deploy:bootstrap, " + fix, true, e);
                case 403 -> new BucketProblem("bucket " + t.bucket() + " (" + t.region() + ") refuses these"
                        + " credentials (403 access denied). Fix: grant the deployer the policy edge-deploy:policy"
                        + " prints, " + fix, true, e);
                case 301, 400 -> new BucketProblem("bucket " + t.bucket() + " is not in region " + t.region() + " ("
                        + e.statusCode() + "). Fix: name its real region, " + fix, true, e);
                default -> new BucketProblem("bucket " + t.bucket() + " (" + t.region() + ") cannot be checked: "
                        + BucketClient.describe(e) + ". Fix: retry later, " + fix, false, e);
            });
        } catch (SdkException e) {
            return Optional.of(new BucketProblem("bucket " + t.bucket() + " (" + t.region() + ") is unreachable: "
                    + e.getMessage() + ". Fix: check the network, the endpoint and the credentials.", false, e));
        }
    }

    /** Phase 2: what each region lacks; any different object or manifest stops the run before a single write. */
    private void plan(List<RegionUpload> regions, LocalObjects local, Tasks tasks, DeployListener listener) {
        listener.on(DeployEvent.lifecycle("Comparing build " + local.build().buildId() + " with each bucket"));
        String manifestKey = BuildLayout.manifestKey(local.build().buildId());
        tasks.all(regions.stream().<Callable<Void>>map(region -> () -> {
            Map<String, S3Object> remote = region.bucket.list(BuildLayout.prefix(local.build().buildId()));
            S3Object remoteManifest = remote.get(manifestKey);
            if (remoteManifest != null) {
                region.alreadyCommitted = true;
                if (remoteManifest.size() != local.manifestSize()
                        || !Arrays.equals(region.bucket.get(manifestKey), local.manifestBytes())) {
                    throw new ImmutableBuildException(region.bucket.target().region(),
                            region.bucket.target().bucket(), manifestKey, "its manifest differs from this build's");
                }
            }
            Set<String> expected = new HashSet<>();
            for (ManifestObject object : local.build().manifest().objects()) {
                expected.add(object.key());
                Verdict verdict = compare(region.bucket, object, remote.get(object.key()), local, false);
                switch (verdict.kind()) {
                    case SAME -> region.skipped(object);
                    case MISSING -> region.missing.add(object);
                    case DIFFERENT -> throw different(region, object, verdict);
                }
            }
            if (!region.missing.isEmpty()) {
                planCopies(region, local, listener);
            }
            expected.add(manifestKey);
            long strays = remote.keySet().stream().filter(k -> !expected.contains(k)).count();
            if (strays > 0) {
                listener.on(DeployEvent.warn(region.bucket.target() + " holds " + strays + " object(s) under "
                        + BuildLayout.prefix(local.build().buildId()) + " that this build does not have: was the"
                        + " build id reused for a different build? They are left alone."));
            }
            return null;
        }).toList(), true);
        for (RegionUpload region : regions) {
            listener.on(DeployEvent.progress(region.bucket.target() + ": " + region.missing.size() + " to upload ("
                    + ByteSize.format(region.missing.stream().mapToLong(ManifestObject::size).sum()) + "), "
                    + (region.copies.isEmpty() ? "" : region.copies.size() + " to copy from build " + region.donor
                    + " (" + ByteSize.format(region.copies.stream().mapToLong(c -> c.object().size()).sum()) + "), ")
                    + region.skippedObjects.get() + " already present"
                    + (region.alreadyCommitted ? ", build already committed" : "")));
        }
    }

    /** Moves each missing object the donor holds with the same content and headers from the uploads to the copies. */
    private void planCopies(RegionUpload region, LocalObjects local, DeployListener listener) {
        Optional<Donor> donor = donor(region.bucket, local.build().buildId(), listener);
        if (donor.isEmpty()) {
            return;
        }
        List<ManifestObject> uploads = new ArrayList<>();
        for (ManifestObject object : region.missing) {
            Optional<S3Object> source = donor.get().source(object, local);
            if (source.isPresent()) {
                region.copies.add(new PlannedCopy(object, source.get().key(), source.get().eTag()));
            } else {
                uploads.add(object);
            }
        }
        region.missing.clear();
        region.missing.addAll(uploads);
        if (!region.copies.isEmpty()) {
            region.donor = donor.get().buildId();
        }
    }

    /**
     * The build the bucket's latest-commit hint names, with its committed manifest and what the bucket still holds of
     * it. Only a hint: absent, unreadable or invalid, there is no donor and everything is uploaded.
     */
    private static Optional<Donor> donor(BucketClient bucket, BuildId buildId, DeployListener listener) {
        String pointerKey = BuildLayout.latestCommitKey();
        try {
            Optional<byte[]> pointer = bucket.getIfPresent(pointerKey);
            if (pointer.isEmpty()) {
                return Optional.empty();
            }
            Optional<BuildId> named = LatestCommit.parse(pointer.get());
            if (named.isEmpty()) {
                listener.on(DeployEvent.warn(bucket.target() + ": " + pointerKey + " names no build; ignored, every"
                        + " missing object is uploaded. The next commit rewrites it."));
                return Optional.empty();
            }
            BuildId donor = named.get();
            if (donor.equals(buildId)) {
                return Optional.empty();
            }
            Optional<byte[]> manifestBytes = bucket.getIfPresent(BuildLayout.manifestKey(donor));
            if (manifestBytes.isEmpty()) {
                listener.on(DeployEvent.debug(bucket.target() + ": " + pointerKey + " names build " + donor
                        + ", which is not committed there; nothing is copied"));
                return Optional.empty();
            }
            Optional<AssetManifest> read = readManifest(manifestBytes.get());
            if (read.isEmpty()) {
                listener.on(DeployEvent.warn(bucket.target() + ": the manifest of build " + donor + " cannot be read;"
                        + " nothing is copied from it, every missing object is uploaded"));
                return Optional.empty();
            }
            AssetManifest manifest = read.get();
            if (!donor.value().equals(manifest.buildId())) {
                listener.on(DeployEvent.warn(bucket.target() + ": the manifest of build " + donor + " names build "
                        + manifest.buildId() + "; nothing is copied from it"));
                return Optional.empty();
            }
            String prefix = BuildLayout.prefix(donor);
            Map<String, S3Object> listed = bucket.list(prefix);
            Map<Content, S3Object> objects = new HashMap<>();
            for (ManifestObject object : manifest.objects()) {
                S3Object stored = listed.get(object.key());
                if (object.key().startsWith(prefix) && stored != null && stored.size() == object.size()) {
                    objects.putIfAbsent(Content.of(object), stored);
                }
            }
            return Optional.of(new Donor(donor, objects));
        } catch (TargetException e) {
            listener.on(DeployEvent.warn(bucket.target() + ": cannot use the latest committed build to copy"
                    + " unchanged objects (" + (e.getCause() instanceof SdkException sdk ? BucketClient.describe(sdk)
                    : e.getMessage()) + "); every missing object is uploaded"));
            return Optional.empty();
        }
    }

    /** Empty when the bytes are no manifest: not JSON, JSON null, or fields missing or out of range. */
    private static Optional<AssetManifest> readManifest(byte[] bytes) {
        try {
            return Optional.ofNullable(ManifestJson.read(bytes));
        } catch (UncheckedIOException e) { // Jackson wraps what the records' constructors refuse
            return Optional.empty();
        }
    }

    /** Phase 3: every missing object of every region, through one bounded pool. */
    private void transfer(List<RegionUpload> regions, LocalObjects local, Tasks tasks, DeployListener listener) {
        int total = regions.stream().mapToInt(r -> r.missing.size()).sum();
        int copies = regions.stream().mapToInt(r -> r.copies.size()).sum();
        listener.on(DeployEvent.lifecycle("Uploading " + total + " object(s)"
                + (copies == 0 ? "" : ", copying " + copies + " unchanged object(s) inside the buckets")));
        List<Callable<Void>> work = new ArrayList<>();
        for (RegionUpload region : regions) {
            for (PlannedCopy copy : region.copies) {
                work.add(() -> {
                    copy(region, copy, local, listener);
                    return null;
                });
            }
            for (ManifestObject object : region.missing) {
                work.add(() -> {
                    upload(region, object, local, listener);
                    return null;
                });
            }
        }
        tasks.all(work, true);
        for (RegionUpload region : regions) {
            listener.on(DeployEvent.progress(region.bucket.target() + ": " + region.uploadedObjects.get()
                    + " uploaded (" + ByteSize.format(region.uploadedBytes.get()) + "), " + region.copiedObjects.get()
                    + " copied" + (region.donor == null ? "" : " from build " + region.donor) + " ("
                    + ByteSize.format(region.copiedBytes.get()) + "), " + region.skippedObjects.get() + " unchanged ("
                    + ByteSize.format(region.skippedBytes.get()) + ")"));
        }
    }

    /**
     * One object copied from the donor. Whatever stops the copy short of a conflict ends in the PUT it replaced: the
     * source gone (404), or changed since it was listed (412 with no destination); a 412 with a destination is
     * another writer's object, compared like any other (G3).
     */
    private void copy(RegionUpload region, PlannedCopy copy, LocalObjects local, DeployListener listener) {
        ManifestObject object = copy.object();
        if (isMultipartEtag(copy.sourceEtag()) && !holdsSha256(region.bucket, copy)) {
            // a multipart ETag is no MD5 to check the donor's bytes by: its sha256 metadata has to say it
            listener.on(DeployEvent.debug(copy.sourceKey() + " in " + region.bucket.target() + " no longer has the"
                    + " sha256 of " + object.key() + "; uploading it"));
            upload(region, object, local, listener);
            return;
        }
        switch (region.bucket.copy(object, copy.sourceKey(), copy.sourceEtag())) {
            case COPIED -> {
                region.copied(object);
                listener.on(DeployEvent.debug("copied " + copy.sourceKey() + " to " + object.key() + " ("
                        + ByteSize.format(object.size()) + ") in " + region.bucket.target()));
            }
            case SOURCE_GONE -> {
                listener.on(DeployEvent.debug(copy.sourceKey() + " is gone from " + region.bucket.target()
                        + "; uploading " + object.key()));
                upload(region, object, local, listener);
            }
            case REFUSED -> {
                Verdict verdict = compare(region.bucket, object, null, local, true);
                switch (verdict.kind()) {
                    case SAME -> region.skipped(object);
                    case DIFFERENT -> throw different(region, object, verdict);
                    case MISSING -> {
                        listener.on(DeployEvent.debug(copy.sourceKey() + " changed in " + region.bucket.target()
                                + " since it was listed; uploading " + object.key()));
                        upload(region, object, local, listener);
                    }
                }
            }
        }
    }

    private static boolean holdsSha256(BucketClient bucket, PlannedCopy copy) {
        return bucket.head(copy.sourceKey())
                .filter(h -> unquote(copy.sourceEtag()).equals(unquote(h.eTag())))
                .map(h -> copy.object().sha256().equals(h.metadata().get(BucketClient.SHA256_METADATA)))
                .orElse(false);
    }

    private static boolean isMultipartEtag(String etag) {
        return unquote(etag).contains("-");
    }

    private void upload(RegionUpload region, ManifestObject object, LocalObjects local, DeployListener listener) {
        for (int attempt = 1; ; attempt++) {
            BucketClient.Write write = object.size() > options.multipartThreshold()
                    ? region.bucket.putMultipart(object, local.file(object), options.partSize())
                    : region.bucket.put(object, local.file(object));
            if (write == BucketClient.Write.WRITTEN) {
                region.uploaded(object);
                listener.on(DeployEvent.debug("uploaded " + object.key() + " (" + ByteSize.format(object.size()) + ") to "
                        + region.bucket.target()));
                return;
            }
            // someone else wrote the key since we listed: theirs must be ours byte for byte
            Verdict verdict = compare(region.bucket, object, null, local, true);
            switch (verdict.kind()) {
                case SAME -> {
                    region.skipped(object);
                    return;
                }
                case DIFFERENT -> throw different(region, object, verdict);
                case MISSING -> {
                    if (attempt == 2) {
                        throw new TargetException("Cannot upload " + object.key() + " to " + region.bucket.target()
                                + ": S3 refused the write as conflicting but holds no such object. Nothing was"
                                + " committed; run the deploy again.", false, null);
                    }
                }
            }
        }
    }

    /** Phase 4: every key of the build in every region, as the manifest says. */
    private void verify(List<RegionUpload> regions, LocalObjects local, Tasks tasks, DeployListener listener) {
        listener.on(DeployEvent.lifecycle("Verifying " + local.build().manifest().objects().size()
                + " object(s) in " + regions.size() + " region(s)"));
        tasks.all(regions.stream().<Callable<Void>>map(region -> () -> {
            Map<String, S3Object> remote = region.bucket.list(BuildLayout.prefix(local.build().buildId()));
            for (ManifestObject object : local.build().manifest().objects()) {
                Verdict verdict = compare(region.bucket, object, remote.get(object.key()), local, false);
                switch (verdict.kind()) {
                    case SAME -> { }
                    case MISSING -> throw new TargetException("Verification failed: " + object.key()
                            + " is missing from " + region.bucket.target() + " after the upload. Nothing was"
                            + " committed; run the deploy again.", false, null);
                    case DIFFERENT -> throw different(region, object, verdict);
                }
            }
            return null;
        }).toList(), true);
    }

    /** Phase 5: the manifest, last, where it is not yet: from now on the build exists in that region. */
    private void commit(List<RegionUpload> regions, LocalObjects local, Tasks tasks, DeployListener listener) {
        String manifestKey = BuildLayout.manifestKey(local.build().buildId());
        List<RegionUpload> pending = regions.stream().filter(r -> !r.alreadyCommitted).toList();
        listener.on(DeployEvent.lifecycle("Committing build " + local.build().buildId() + ": writing " + manifestKey
                + " to " + pending.size() + " region(s)"));
        tasks.all(pending.stream().<Callable<Void>>map(region -> () -> {
            if (region.bucket.putManifest(manifestKey, local.manifestBytes()) == BucketClient.Write.ALREADY_EXISTS
                    && !Arrays.equals(region.bucket.get(manifestKey), local.manifestBytes())) {
                throw new ImmutableBuildException(region.bucket.target().region(), region.bucket.target().bucket(),
                        manifestKey, "another deploy committed a different manifest meanwhile");
            }
            region.committedNow = true;
            pointAtThisBuild(region, local, listener);
            return null;
        }).toList(), true);
    }

    /** After the commit: a failure here loses a hint for the next build, not this build, so it only warns. */
    private static void pointAtThisBuild(RegionUpload region, LocalObjects local, DeployListener listener) {
        try {
            region.bucket.putLatestCommit(LatestCommit.of(local.build().buildId()).json());
        } catch (TargetException e) {
            listener.on(DeployEvent.warn(region.bucket.target() + ": build " + local.build().buildId()
                    + " is committed, but " + BuildLayout.latestCommitKey() + " could not be updated ("
                    + (e.getCause() instanceof SdkException sdk ? BucketClient.describe(sdk) : e.getMessage())
                    + "); the next build may upload objects it could have copied."));
        }
    }

    /**
     * Same bytes? A listed object is compared by size and ETag (the MD5 of a single PUT); when that cannot decide
     * (multipart or KMS ETags, or no listing), HEAD reads the SHA-256 we wrote as user metadata.
     */
    private static Verdict compare(BucketClient bucket, ManifestObject object, S3Object listed, LocalObjects local,
            boolean headAlways) {
        if (listed == null && !headAlways) {
            return Verdict.MISSING;
        }
        if (listed != null) {
            if (listed.size() != object.size()) {
                return Verdict.different("it has " + listed.size() + " bytes, this build " + object.size());
            }
            if (local.md5Hex(object).equals(unquote(listed.eTag()))) {
                return Verdict.SAME;
            }
        }
        Optional<HeadObjectResponse> head = bucket.head(object.key());
        if (head.isEmpty()) {
            return Verdict.MISSING;
        }
        HeadObjectResponse h = head.get();
        if (h.contentLength() != null && h.contentLength() != object.size()) {
            return Verdict.different("it has " + h.contentLength() + " bytes, this build " + object.size());
        }
        String sha256 = h.metadata().get(BucketClient.SHA256_METADATA);
        if (object.sha256().equals(sha256)) {
            return Verdict.SAME;
        }
        if (sha256 == null && local.md5Hex(object).equals(unquote(h.eTag()))) {
            return Verdict.SAME;
        }
        return Verdict.different(sha256 == null ? "its bytes differ and it has no sha256 metadata"
                : "its sha256 is " + sha256 + ", this build's " + object.sha256());
    }

    private static ImmutableBuildException different(RegionUpload region, ManifestObject object, Verdict verdict) {
        return new ImmutableBuildException(region.bucket.target().region(), region.bucket.target().bucket(),
                object.key(), verdict.detail());
    }

    private UploadReport report(PackagedBuild build, List<RegionUpload> regions, UploadReport.PhaseTimings timings) {
        List<UploadReport.RegionReport> reports = regions.stream().map(r -> new UploadReport.RegionReport(
                r.bucket.target().region(), r.bucket.target().bucket(), r.uploadedObjects.get(), r.uploadedBytes.get(),
                r.copiedObjects.get(), r.copiedBytes.get(), r.donor == null ? null : r.donor.value(),
                r.skippedObjects.get(), r.skippedBytes.get(), r.alreadyCommitted,
                clients.retries(r.bucket.target().region()) - r.retriesBefore)).toList();
        boolean committedNow = regions.stream().anyMatch(r -> r.committedNow);
        return new UploadReport(build.buildId().value(),
                committedNow ? UploadReport.Outcome.COMMITTED : UploadReport.Outcome.ALREADY_COMMITTED, reports,
                timings);
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }


    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "edge-deploy-upload-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One bucket's share: what it lacks, what was done. Counters are updated from many upload threads. */
    private static final class RegionUpload {
        final BucketClient bucket;
        final long retriesBefore;
        final List<ManifestObject> missing = new ArrayList<>();
        final List<PlannedCopy> copies = new ArrayList<>();
        final AtomicLong uploadedObjects = new AtomicLong();
        final AtomicLong uploadedBytes = new AtomicLong();
        final AtomicLong copiedObjects = new AtomicLong();
        final AtomicLong copiedBytes = new AtomicLong();
        final AtomicLong skippedObjects = new AtomicLong();
        final AtomicLong skippedBytes = new AtomicLong();
        /** The build the copies come from; null when nothing is copied. */
        volatile BuildId donor;
        volatile boolean alreadyCommitted;
        volatile boolean committedNow;

        RegionUpload(BucketClient bucket, long retriesBefore) {
            this.bucket = bucket;
            this.retriesBefore = retriesBefore;
        }

        void uploaded(ManifestObject object) {
            uploadedObjects.incrementAndGet();
            uploadedBytes.addAndGet(object.size());
        }

        void copied(ManifestObject object) {
            copiedObjects.incrementAndGet();
            copiedBytes.addAndGet(object.size());
        }

        void skipped(ManifestObject object) {
            skippedObjects.incrementAndGet();
            skippedBytes.addAndGet(object.size());
        }
    }

    /** An object to copy from {@code sourceKey}, only while that still has the ETag it was listed with. */
    private record PlannedCopy(ManifestObject object, String sourceKey, String sourceEtag) {
    }

    /** What makes two objects interchangeable: the bytes and every header they are served with. */
    private record Content(long size, String sha256, String contentType, String contentEncoding, String cacheControl) {
        static Content of(ManifestObject object) {
            return new Content(object.size(), object.sha256(), object.contentType(), object.contentEncoding(),
                    object.cacheControl());
        }
    }

    /** The donor build's objects still in the bucket, by content. */
    private record Donor(BuildId buildId, Map<Content, S3Object> objects) {

        /**
         * The donor object to copy for {@code object}, if it has the same content and headers and fits one CopyObject.
         * A single-PUT ETag is the MD5 of the stored bytes, so it must be this object's: a donor object rewritten
         * after its manifest is then uploaded instead of copied.
         */
        Optional<S3Object> source(ManifestObject object, LocalObjects local) {
            S3Object stored = objects.get(Content.of(object));
            if (stored == null || object.size() > BucketClient.MAX_COPY_SIZE) {
                return Optional.empty();
            }
            if (!isMultipartEtag(stored.eTag()) && !local.md5Hex(object).equals(unquote(stored.eTag()))) {
                return Optional.empty();
            }
            return Optional.of(stored);
        }
    }

    private record Verdict(Kind kind, String detail) {
        enum Kind { SAME, MISSING, DIFFERENT }

        static final Verdict SAME = new Verdict(Kind.SAME, "");
        static final Verdict MISSING = new Verdict(Kind.MISSING, "");

        static Verdict different(String detail) {
            return new Verdict(Kind.DIFFERENT, detail);
        }
    }

    private record BucketProblem(String message, boolean userFixable, Throwable cause) {
    }

    /**
     * Runs a phase's tasks on the shared pool and waits for all of them. With {@code stopOnFailure}, tasks not yet
     * started are skipped once one fails; the failure reported is the most telling one (G3 before target errors).
     */
    private static final class Tasks {
        private final ExecutorService pool;

        Tasks(ExecutorService pool) {
            this.pool = pool;
        }

        <T> List<T> all(List<Callable<T>> work, boolean stopOnFailure) {
            AtomicBoolean failed = new AtomicBoolean();
            List<Future<T>> futures = new ArrayList<>(work.size());
            for (Callable<T> task : work) {
                futures.add(pool.submit(() -> {
                    if (stopOnFailure && failed.get()) {
                        return null;
                    }
                    try {
                        return task.call();
                    } catch (Exception | Error e) {
                        failed.set(true);
                        throw e;
                    }
                }));
            }
            List<T> results = new ArrayList<>(futures.size());
            Throwable failure = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new TargetException("The upload was interrupted; nothing was committed. Run the deploy"
                            + " again to resume.", false, e);
                } catch (ExecutionException e) {
                    failure = moreTelling(failure, e.getCause());
                }
            }
            if (failure != null) {
                throw rethrowable(failure);
            }
            return results;
        }

        /** Enough of the other failures to see a pattern, not one per object in flight. */
        private static final int MAX_SUPPRESSED = 4;

        private static Throwable moreTelling(Throwable current, Throwable candidate) {
            if (current == null) {
                return candidate;
            }
            boolean promote = candidate instanceof ImmutableBuildException
                    && !(current instanceof ImmutableBuildException);
            Throwable kept = promote ? candidate : current;
            Throwable other = promote ? current : candidate;
            if (kept.getSuppressed().length < MAX_SUPPRESSED && kept != other) {
                kept.addSuppressed(other);
            }
            return kept;
        }

        private static RuntimeException rethrowable(Throwable failure) {
            if (failure instanceof EdgeDeployException e) {
                return e;
            }
            if (failure instanceof RuntimeException e) {
                return e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return new IllegalStateException("upload task failed: " + failure.getMessage(), failure);
        }
    }
}
