package io.ainfinity.leader;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.ainfinity.leader.LeaseStore.Claim;

import static org.assertj.core.api.Assertions.assertThat;

class TermTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final Term term = new Term("a", LEASE);

    private static Claim granted(String holder, long fence, Instant at) {
        return new Claim(true, new Lease("cluster", holder, fence, at.plus(LEASE)));
    }

    private static Claim refused(String holder, long fence, Instant expires) {
        return new Claim(false, new Lease("cluster", holder, fence, expires));
    }

    @Test
    void leadsFromAGrantedClaimUntilItsLeaseRunsOut() {
        Term.Change change = term.record(T0, granted("a", 1, T0));

        assertThat(change).isEqualTo(Term.Change.GAINED);
        assertThat(term.leads(T0.plus(LEASE).minusMillis(1))).isTrue();
        assertThat(term.leads(T0.plus(LEASE))).isFalse();
        assertThat(term.fence()).isEqualTo(1);
    }

    @Test
    void countsTheLeaseFromBeforeTheClaimWasSent() {
        Instant sent = T0;
        term.record(sent, granted("a", 1, sent));

        assertThat(term.until(sent)).isEqualTo(sent.plus(LEASE));
        assertThat(term.leads(sent.plus(LEASE))).isFalse();
    }

    @Test
    void keepsItsTermOnRenewal() {
        term.record(T0, granted("a", 1, T0));
        Instant later = T0.plusSeconds(3);

        Term.Change change = term.record(later, granted("a", 1, later));

        assertThat(change).isEqualTo(Term.Change.KEPT);
        assertThat(term.leads(later.plus(LEASE).minusMillis(1))).isTrue();
    }

    @Test
    void stopsLeadingAtExpiryWhenRenewalsFail() {
        term.record(T0, granted("a", 1, T0));

        // No claim recorded since T0: the store did not answer.
        assertThat(term.leads(T0.plusSeconds(14))).isTrue();
        assertThat(term.leads(T0.plusSeconds(15))).isFalse();
        assertThat(term.fence()).as("still claims its own term back").isEqualTo(1);
    }

    @Test
    void aLateRenewalOfAnUntakenTermLeadsAgain() {
        term.record(T0, granted("a", 1, T0));
        Instant late = T0.plusSeconds(20);

        Term.Change change = term.record(late, granted("a", 1, late));

        assertThat(change).isEqualTo(Term.Change.GAINED);
        assertThat(term.leads(late)).isTrue();
    }

    @Test
    void losesItsTermWhenAnotherReplicaHoldsTheLease() {
        term.record(T0, granted("a", 1, T0));
        Instant later = T0.plusSeconds(16);

        Term.Change change = term.record(later, refused("b", 2, later.plus(LEASE)));

        assertThat(change).isEqualTo(Term.Change.LOST);
        assertThat(term.leads(later)).isFalse();
        assertThat(term.fence()).isEqualTo(Term.NO_TERM);
        assertThat(term.holder()).isEqualTo("b");
    }

    @Test
    void aRefusedFollowerStaysAFollower() {
        Term.Change change = term.record(T0, refused("b", 4, T0.plus(LEASE)));

        assertThat(change).isEqualTo(Term.Change.NONE);
        assertThat(term.leads(T0)).isFalse();
        assertThat(term.fence()).isEqualTo(Term.NO_TERM);
    }

    @Test
    void stopsLeadingAtOnceWhenReleased() {
        term.record(T0, granted("a", 1, T0));

        term.released();

        assertThat(term.leads(T0)).isFalse();
        assertThat(term.fence()).isEqualTo(Term.NO_TERM);
    }
}
