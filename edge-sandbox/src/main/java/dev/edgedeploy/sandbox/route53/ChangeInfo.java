package dev.edgedeploy.sandbox.route53;

import java.time.Instant;

/**
 * A submitted change (a zone creation or a record set batch). Route53 reports it PENDING until it has reached every
 * name server, then INSYNC; the sandbox's name server sees it at once, so INSYNC only ever adds certainty.
 *
 * @param id the bare change id, e.g. {@code C2682N5HXP0BZ4}
 * @param submittedAt when it was accepted
 * @param insyncAt from when GetChange reports INSYNC
 * @param comment the batch comment, or null
 */
record ChangeInfo(String id, Instant submittedAt, Instant insyncAt, String comment) {

    String statusAt(Instant now) {
        return now.isBefore(insyncAt) ? "PENDING" : "INSYNC";
    }
}
