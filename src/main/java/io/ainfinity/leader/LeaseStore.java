package io.ainfinity.leader;

import java.time.Instant;

import io.smallrye.mutiny.Uni;

/** Where replicas take, keep and give up leases. Each call is one atomic statement on the store. */
public interface LeaseStore {

    /** What a claim came to: whether it was granted, and the lease as it stands after it. */
    record Claim(boolean granted, Lease lease) {}

    /**
     * Holds {@code name} for {@code holder} until {@code until}. Granted as a renewal (the fence unchanged) while the
     * holder still holds the term {@code fence}, and as a new term (the fence one higher) when the lease is free or
     * expired at {@code now}; refused otherwise. A {@code fence} of -1 asks only for a new term.
     */
    Uni<Claim> claim(String name, String holder, long fence, Instant now, Instant until);

    /** Frees {@code name} when {@code holder} still holds the term {@code fence}; true when it did. */
    Uni<Boolean> release(String name, String holder, long fence);
}
