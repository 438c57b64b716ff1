package io.ainfinity.leader;

import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Skips a scheduled once-per-cluster duty on every replica but the leader: {@code @Scheduled(skipExecutionIf =
 * NotLeader.class)}. Asked at each execution, so a leader whose lease ran out skips from its next one.
 */
@Singleton
public class NotLeader implements Scheduled.SkipPredicate {

    private final LeaderElection election;

    public NotLeader(LeaderElection election) {
        this.election = election;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !election.leads();
    }
}
