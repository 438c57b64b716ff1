package io.ainfinity.job.idempotency;

import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.leader.NotLeader;

/**
 * Deletes receipts older than their lifetime. Lookups already ignore them; this only keeps the table small, so one
 * replica, the leader, does it for all.
 */
@ApplicationScoped
public class ReceiptPurge {

    private static final Logger LOG = Logger.getLogger(ReceiptPurge.class);

    private final ReceiptStore receipts;
    private final Clock clock;

    public ReceiptPurge(ReceiptStore receipts, Clock clock) {
        this.receipts = receipts;
        this.clock = clock;
    }

    @Scheduled(
            every = "1h",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotLeader.class)
    Uni<Void> purge() {
        return receipts.purge(LaunchReceipt.expiredBefore(clock.instant()))
                .invoke(n -> LOG.debugf("purged %d expired launch receipts", n))
                .replaceWithVoid();
    }
}
