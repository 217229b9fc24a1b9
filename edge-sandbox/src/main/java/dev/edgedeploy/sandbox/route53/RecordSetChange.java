package dev.edgedeploy.sandbox.route53;

/**
 * One {@code Change} of a ChangeResourceRecordSets batch.
 *
 * @param action {@code CREATE}, {@code UPSERT} or {@code DELETE}
 * @param recordSet the record set as given in the request
 */
record RecordSetChange(String action, RecordSet recordSet) {
}
