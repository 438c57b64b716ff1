package io.ainfinity.leader;

import java.time.Duration;
import java.time.Instant;

/**
 * What one replica knows of its own lease, and so whether it may act for the cluster at a given instant. A claim's
 * validity is counted from the moment before it was sent, with the same clock that computed the expiry the store
 * keeps, so the replica stops leading no later than the store lets another one take over. Not thread-safe.
 */
public final class Term {

    /** How a claim changed this replica's standing. */
    public enum Change {
        GAINED,
        KEPT,
        LOST,
        NONE
    }

    /** The fence sent with a claim when this replica holds no term. */
    static final long NO_TERM = -1;

    private final String replica;
    private final Duration lease;
    private long fence = NO_TERM;
    private Instant validUntil = Instant.MIN;
    private String holder;

    public Term(String replica, Duration lease) {
        this.replica = replica;
        this.lease = lease;
    }

    /** Whether this replica leads at {@code now}: its last granted claim has not run out. */
    public boolean leads(Instant now) {
        return fence != NO_TERM && now.isBefore(validUntil);
    }

    /** The fence to claim with: the term this replica holds, if it holds one (expired or not), else {@link #NO_TERM}. */
    public long fence() {
        return fence;
    }

    /** The replica that held the lease at the last claim, or null when none did or nothing is known yet. */
    public String holder() {
        return holder;
    }

    /** The expiry to claim at {@code started}. */
    public Instant until(Instant started) {
        return started.plus(lease);
    }

    /** Records the outcome of a claim sent at {@code started}. */
    public Change record(Instant started, LeaseStore.Claim claim) {
        boolean leading = leads(started);
        boolean heldTerm = fence != NO_TERM;
        Lease seen = claim.lease();
        holder = seen.holder();
        if (claim.granted() && replica.equals(seen.holder())) {
            boolean sameTerm = heldTerm && seen.fence() == fence;
            fence = seen.fence();
            validUntil = until(started);
            return leading && sameTerm ? Change.KEPT : Change.GAINED;
        }
        fence = NO_TERM;
        validUntil = Instant.MIN;
        return heldTerm ? Change.LOST : Change.NONE;
    }

    /** This replica gave its lease up (or is about to): it stops leading at once. */
    public void released() {
        fence = NO_TERM;
        validUntil = Instant.MIN;
        holder = null;
    }
}
