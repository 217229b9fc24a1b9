package dev.edgedeploy.core.upload;

import dev.edgedeploy.core.InvalidInputException;
import dev.edgedeploy.core.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Builds a {@link DeployTarget} from the configured buckets, refusing every layout AWS or the design would. */
public final class DeployTargets {

    private static final String SUBJECT = "<buckets>";
    // S3 general purpose bucket naming rules; dots are refused too: they break virtual-hosted HTTPS to S3.
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");

    private DeployTargets() {
    }

    /** The bucket in us-east-1 is the primary; the others are replicas, in the order given. */
    public static DeployTarget of(List<BucketTarget> buckets) {
        List<Problem> problems = new ArrayList<>();
        if (buckets.isEmpty()) {
            problems.add(new Problem(SUBJECT, "no bucket is configured for the aws target.",
                    "add <buckets><bucket><region>us-east-1</region><name>…</name></bucket>…</buckets>, one per region."));
        }
        Set<String> regions = new HashSet<>();
        Set<String> names = new HashSet<>();
        BucketTarget primary = null;
        List<BucketTarget> replicas = new ArrayList<>();
        for (BucketTarget bucket : buckets) {
            String subject = SUBJECT + " " + bucket.bucket() + " (" + bucket.region() + ")";
            if (!REGION.matcher(bucket.region()).matches()) {
                problems.add(new Problem(subject, "'" + bucket.region() + "' is not an AWS region name.",
                        "use a region code such as eu-west-1."));
            }
            if (!BUCKET_NAME.matcher(bucket.bucket()).matches() || bucket.bucket().startsWith("xn--")
                    || bucket.bucket().endsWith("-s3alias")) {
                problems.add(new Problem(subject, "'" + bucket.bucket() + "' is not a valid S3 bucket name.",
                        "use 3-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"
                                + " (no dots: they break HTTPS to the regional endpoint)."));
            }
            if (!regions.add(bucket.region())) {
                problems.add(new Problem(subject, "two buckets are configured for region " + bucket.region() + ".",
                        "keep one bucket per region."));
            }
            if (!names.add(bucket.bucket())) {
                problems.add(new Problem(subject, "bucket " + bucket.bucket() + " is configured twice.",
                        "bucket names are global: give each region its own bucket."));
            }
            if (DeployTarget.PRIMARY_REGION.equals(bucket.region())) {
                primary = bucket;
            } else {
                replicas.add(bucket);
            }
        }
        if (!buckets.isEmpty() && primary == null) {
            problems.add(new Problem(SUBJECT, "no bucket is in " + DeployTarget.PRIMARY_REGION
                    + ", where the primary bucket (and the Lambda@Edge function) must live.",
                    "add a bucket with <region>" + DeployTarget.PRIMARY_REGION + "</region>."));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The deploy target is not usable", problems);
        }
        return new DeployTarget(primary, replicas);
    }
}
