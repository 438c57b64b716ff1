package io.ainfinity.job.idempotency;

import java.time.Instant;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Receipts of launches made under an {@code Idempotency-Key}. They are written by the job store in the transaction
 * that creates the job (so a job never exists without its receipt, nor a receipt without its job having been
 * committed); this port reads and expires them.
 */
public interface ReceiptStore {

    /** The owner's receipt for {@code key}, unless it was written before {@code notBefore}. */
    Uni<Optional<LaunchReceipt>> find(String owner, String key, Instant notBefore);

    /** Deletes the receipts written before {@code before}; returns how many. */
    Uni<Integer> purge(Instant before);
}
