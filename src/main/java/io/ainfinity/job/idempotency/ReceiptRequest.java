package io.ainfinity.job.idempotency;

import java.util.function.Function;

import io.ainfinity.job.Job;

/**
 * Asks a launch to keep a receipt under {@code key}: {@code responseJson} renders the answer from the job about to be
 * stored, so that the receipt is written in the same transaction as the job.
 */
public record ReceiptRequest(String key, String requestHash, Function<Job, String> responseJson) {}
