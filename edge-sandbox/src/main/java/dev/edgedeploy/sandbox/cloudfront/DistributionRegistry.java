package dev.edgedeploy.sandbox.cloudfront;

import dev.edgedeploy.sandbox.StateFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The account's distributions and how far each change has propagated. A change is InProgress from the moment it is
 * accepted until {@code propagationDelay} later; until then the configurations it replaces may still be served.
 */
final class DistributionRegistry {

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String accountId;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, Distribution> distributions = new TreeMap<>();
    private final StateFile<CloudFrontState> stateFile;
    private Duration propagationDelay;

    DistributionRegistry(String accountId, Clock clock, Duration propagationDelay, RandomGenerator random,
            StateFile<CloudFrontState> stateFile) {
        this.stateFile = stateFile;
        this.accountId = accountId;
        this.clock = clock;
        this.propagationDelay = propagationDelay;
        this.random = random;
    }

    /** A configuration accepted at some instant, and when every edge location serves it (or a newer one). */
    private record Change(DistributionConfig config, Instant propagatedAt) {
    }

    private static final class Distribution {
        final String id;
        final String arn;
        final String domainName;
        final List<Change> changes = new ArrayList<>();
        String etag;
        Instant lastModified;

        Distribution(String id, String arn, String domainName) {
            this.id = id;
            this.arn = arn;
            this.domainName = domainName;
        }

        DistributionConfig current() {
            return changes.get(changes.size() - 1).config;
        }

        /** Drops changes superseded by a later change that has fully propagated. */
        void settle(Instant now) {
            int newestPropagated = -1;
            for (int i = 0; i < changes.size(); i++) {
                if (!changes.get(i).propagatedAt.isAfter(now)) {
                    newestPropagated = i;
                }
            }
            if (newestPropagated > 0) {
                changes.subList(0, newestPropagated).clear();
            }
        }

        DistributionSnapshot snapshot(Instant now) {
            settle(now);
            Instant deployedAt = changes.get(changes.size() - 1).propagatedAt;
            String status = deployedAt.isAfter(now) ? DistributionSnapshot.IN_PROGRESS : DistributionSnapshot.DEPLOYED;
            return new DistributionSnapshot(id, arn, domainName, status, etag, current(),
                    changes.stream().map(Change::config).toList(), lastModified, deployedAt);
        }
    }

    synchronized void propagationDelay(Duration delay) {
        this.propagationDelay = delay;
    }

    synchronized DistributionSnapshot create(DistributionConfig config) {
        Instant now = clock.instant();
        // API 2020-05-31 and AWS alike refuse a reused reference even with an identical config (aws-sdk-go#2213).
        for (Distribution existing : distributions.values()) {
            if (existing.current().callerReference().equals(config.callerReference())) {
                throw CloudFrontError.distributionAlreadyExists(existing.id);
            }
        }
        String id;
        do {
            id = "E" + randomText(13);
        } while (distributions.containsKey(id));
        Distribution distribution = new Distribution(id, "arn:aws:cloudfront::" + accountId + ":distribution/" + id,
                "d" + randomText(13).toLowerCase(java.util.Locale.ROOT) + ".cloudfront.net");
        distribution.changes.add(new Change(config, now.plus(propagationDelay)));
        distribution.etag = "E" + randomText(13);
        distribution.lastModified = now;
        distributions.put(id, distribution);
        persist();
        return distribution.snapshot(now);
    }

    synchronized DistributionSnapshot get(String id) {
        return distribution(id).snapshot(clock.instant());
    }

    /** Checks UpdateDistribution's preconditions without changing anything (before the slower Lambda checks). */
    synchronized void checkUpdate(String id, String ifMatch, DistributionConfig config) {
        Distribution distribution = distribution(id);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw CloudFrontError.invalidIfMatchVersion();
        }
        if (!ifMatch.equals(distribution.etag)) {
            throw CloudFrontError.preconditionFailed();
        }
        if (!distribution.current().callerReference().equals(config.callerReference())) {
            throw CloudFrontError.illegalUpdate("The CallerReference of a distribution cannot be changed. Current: "
                    + distribution.current().callerReference());
        }
    }

    /** Applies an update; the preconditions are checked again as another update may have won meanwhile. */
    synchronized DistributionSnapshot update(String id, String ifMatch, DistributionConfig config) {
        checkUpdate(id, ifMatch, config);
        Distribution distribution = distribution(id);
        Instant now = clock.instant();
        distribution.settle(now);
        distribution.changes.add(new Change(config, now.plus(propagationDelay)));
        distribution.etag = "E" + randomText(13);
        distribution.lastModified = now;
        persist();
        return distribution.snapshot(now);
    }

    synchronized List<DistributionSnapshot> list() {
        Instant now = clock.instant();
        return distributions.values().stream().map(distribution -> distribution.snapshot(now)).toList();
    }

    /** Whether any configuration a viewer may meet now associates this function version. */
    synchronized boolean isReplicated(String versionArn) {
        Instant now = clock.instant();
        for (Distribution distribution : distributions.values()) {
            for (DistributionConfig config : distribution.snapshot(now).configsInService()) {
                if (config.associatedFunctionArns().contains(versionArn)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every change accepted so far counts as propagated from now on. */
    synchronized void propagateChanges() {
        Instant now = clock.instant();
        for (Distribution distribution : distributions.values()) {
            distribution.changes.replaceAll(change -> change.propagatedAt.isAfter(now)
                    ? new Change(change.config, now) : change);
            distribution.settle(now);
        }
        persist();
    }

    // ---------------------------------------------------------------- state on disk

    /** Loads what an earlier run stored, if anything; another account's state is refused. */
    synchronized void restore() {
        Optional<CloudFrontState> stored = stateFile.read();
        if (stored.isEmpty()) {
            return;
        }
        if (!accountId.equals(stored.get().accountId())) {
            throw stateFile.unusable("it was written for account " + stored.get().accountId() + ", not " + accountId,
                    null);
        }
        try {
            for (CloudFrontState.StoredDistribution each : stored.get().distributions()) {
                Distribution distribution = new Distribution(each.id(), each.arn(), each.domainName());
                for (CloudFrontState.StoredChange change : each.changes()) {
                    distribution.changes.add(new Change(ConfigDocument.restore(change.configXml()),
                            Instant.parse(change.propagatedAt())));
                }
                if (distribution.changes.isEmpty()) {
                    throw new IllegalArgumentException("distribution " + each.id() + " has no configuration");
                }
                distribution.etag = Objects.requireNonNull(each.etag(), "etag");
                distribution.lastModified = Instant.parse(each.lastModified());
                distributions.put(distribution.id, distribution);
            }
        } catch (RuntimeException e) {
            distributions.clear();
            throw stateFile.unusable("a distribution in it cannot be restored (" + e.getMessage() + ")", e);
        }
    }

    /** What is stored. Changes already superseded by a propagated one are kept until a read settles them. */
    synchronized CloudFrontState state() {
        return new CloudFrontState(accountId, distributions.values().stream()
                .map(d -> new CloudFrontState.StoredDistribution(d.id, d.arn, d.domainName, d.etag,
                        d.lastModified.toString(), d.changes.stream()
                                .map(c -> new CloudFrontState.StoredChange(c.config.xml(), c.propagatedAt.toString()))
                                .toList()))
                .toList());
    }

    private void persist() {
        stateFile.write(state());
    }

    private Distribution distribution(String id) {
        Distribution distribution = distributions.get(Objects.requireNonNull(id, "id"));
        if (distribution == null) {
            throw CloudFrontError.noSuchDistribution();
        }
        return distribution;
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return text.toString();
    }
}
