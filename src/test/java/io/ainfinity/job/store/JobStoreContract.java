package io.ainfinity.job.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import io.ainfinity.errors.ConflictException;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.idempotency.IdempotencyKeyTakenException;
import io.ainfinity.job.idempotency.LaunchReceipt;
import io.ainfinity.job.idempotency.ReceiptStore;

import static io.ainfinity.support.Jobs.T0;
import static io.ainfinity.support.Jobs.created;
import static io.ainfinity.support.Jobs.event;
import static io.ainfinity.support.Jobs.pending;
import static io.ainfinity.support.Jobs.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link JobStore} must do; each database runs this suite through a subclass. */
abstract class JobStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    protected abstract JobStore store();

    protected abstract ReceiptStore receipts();

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private Job insert(String name, Map<String, String> labels) {
        Job job = pending(name, labels);
        return await(store().insert(job, created(job)));
    }

    @Test
    void storesAndReadsBackAJob() {
        String name = uniqueName("read");
        Job job = insert(name, Map.of("team", "nlp"));

        Job found = await(store().find(name)).orElseThrow();

        assertThat(found).isEqualTo(job);
        assertThat(await(store().find(uniqueName("missing")))).isEmpty();
    }

    @Test
    void rejectsADuplicateName() {
        String name = uniqueName("dup");
        insert(name, Map.of());

        assertThatThrownBy(() -> insert(name, Map.of()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(name);
    }

    @Test
    void transitionsAreCompareAndSetOnTheSequence() {
        Job job = insert(uniqueName("cas"), Map.of());
        Job running = job.transitioned(JobStatus.RUNNING, T0.plusSeconds(5), null);

        assertThat(await(store().transition(running, 1, event(job, running, "started"))))
                .isTrue();
        Job stale = job.transitioned(JobStatus.FAILED, T0.plusSeconds(6), "late writer");
        assertThat(await(store().transition(stale, 1, event(job, stale, "late"))))
                .isFalse();

        Job stored = await(store().find(job.name())).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.startedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(stored.lastSeq()).isEqualTo(2);
    }

    @Test
    void keepsEveryEventInOrderWithIncreasingGlobalIds() {
        Job job = insert(uniqueName("events"), Map.of());
        Job provisioning = job.transitioned(JobStatus.PROVISIONING, T0.plusSeconds(1), null);
        await(store().transition(provisioning, 1, event(job, provisioning, "p")));
        Job failed = provisioning.transitioned(JobStatus.FAILED, T0.plusSeconds(2), "boom");
        await(store().transition(failed, 2, event(provisioning, failed, "boom")));

        List<JobEvent> events = await(store().events(job.name(), 0, 100));

        assertThat(events).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events)
                .extracting(JobEvent::to)
                .containsExactly(JobStatus.PENDING, JobStatus.PROVISIONING, JobStatus.FAILED);
        assertThat(events.get(0).from()).isNull();
        assertThat(events.get(2).message()).isEqualTo("boom");
        assertThat(events.get(1).id()).isGreaterThan(events.get(0).id());
        assertThat(events.get(2).id()).isGreaterThan(events.get(1).id());
        assertThat(await(store().events(job.name(), 2, 100)))
                .extracting(JobEvent::seq)
                .containsExactly(3L);
        assertThat(await(store().find(job.name())).orElseThrow().errorMessage()).isEqualTo("boom");
    }

    @Test
    void pagesNewestFirstWithACursorAndATotal() {
        String batch = uniqueName("batch");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            names.add(insert(uniqueName("page" + i), Map.of("batch", batch)).name());
        }
        Map<String, String> filter = Map.of("batch", batch);

        JobPage first = await(store().list(new JobQuery(3, null, Set.of(), filter, null)));
        JobPage second = await(store().list(new JobQuery(3, first.nextAfterId(), Set.of(), filter, null)));
        JobPage third = await(store().list(new JobQuery(3, second.nextAfterId(), Set.of(), filter, null)));

        assertThat(first.total()).isEqualTo(7);
        List<String> seen = new ArrayList<>();
        List.of(first, second, third).forEach(p -> p.jobs().forEach(j -> seen.add(j.name())));
        Collections.reverse(names);
        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(third.jobs()).hasSize(1);
        assertThat(third.nextAfterId()).isNull();
    }

    @Test
    void filtersByStatusAndEveryLabel() {
        String batch = uniqueName("filter");
        Job a = insert(uniqueName("a"), Map.of("batch", batch, "team", "nlp"));
        insert(uniqueName("b"), Map.of("batch", batch, "team", "vision"));
        Job running = a.transitioned(JobStatus.RUNNING, T0.plusSeconds(1), null);
        await(store().transition(running, 1, event(a, running, null)));

        JobPage byLabels =
                await(store().list(new JobQuery(50, null, Set.of(), Map.of("batch", batch, "team", "nlp"), null)));
        JobPage byStatus = await(store().list(new JobQuery(
                50, null, Set.of(JobStatus.RUNNING, JobStatus.FAILED), Map.of("batch", batch), null)));
        JobPage none =
                await(store().list(new JobQuery(50, null, Set.of(JobStatus.STOPPED), Map.of("batch", batch), null)));

        assertThat(byLabels.jobs()).extracting(Job::name).containsExactly(a.name());
        assertThat(byStatus.jobs()).extracting(Job::name).containsExactly(a.name());
        assertThat(byStatus.total()).isEqualTo(1);
        assertThat(none.jobs()).isEmpty();
        assertThat(none.total()).isZero();
    }

    @Test
    void filtersByOwner() {
        String batch = uniqueName("owner");
        Job alices = insert(uniqueName("mine"), Map.of("batch", batch));
        Job bobs = pending(uniqueName("theirs"), Map.of("batch", batch));
        Job bobsJob = Job.builder()
                .name(bobs.name())
                .owner("bob")
                .backend(bobs.backend())
                .status(bobs.status())
                .spec(bobs.spec())
                .taskYaml(bobs.taskYaml())
                .createdAt(T0)
                .updatedAt(T0)
                .lastSeq(1)
                .build();
        await(store().insert(bobsJob, created(bobsJob)));

        JobPage alice = await(store().list(new JobQuery(50, null, Set.of(), Map.of("batch", batch), "alice")));
        JobPage everyone = await(store().list(new JobQuery(50, null, Set.of(), Map.of("batch", batch), null)));

        assertThat(alice.jobs()).extracting(Job::name).containsExactly(alices.name());
        assertThat(alice.total()).isEqualTo(1);
        assertThat(everyone.total()).isEqualTo(2);
    }

    @Test
    void listsActiveJobsOfABackend() {
        Job active = insert(uniqueName("active"), Map.of());
        Job done = insert(uniqueName("done"), Map.of());
        Job completed = done.transitioned(JobStatus.COMPLETED, T0.plusSeconds(1), null);
        await(store().transition(completed, 1, event(done, completed, null)));

        List<String> names =
                await(store().active("local")).stream().map(Job::name).toList();

        assertThat(names).contains(active.name()).doesNotContain(done.name());
        assertThat(await(store().active("skypilot"))).extracting(Job::name).doesNotContain(active.name());
    }

    @Test
    void updatesDetailsWithoutTouchingTheLifecycle() {
        Job job = insert(uniqueName("details"), Map.of());
        Job updated = job.withRunRef("123@456");

        await(store().updateDetails(updated));

        Job stored = await(store().find(job.name())).orElseThrow();
        assertThat(stored.runRef()).isEqualTo("123@456");
        assertThat(stored.status()).isEqualTo(JobStatus.PENDING);
        assertThat(stored.lastSeq()).isEqualTo(1);
    }

    @Test
    void setsTheRunRefOnlyFromTheExpectedValue() {
        Job job = insert(uniqueName("cas-ref"), Map.of());

        assertThat(await(store().compareAndSetRunRef(job.name(), "other", "x"))).isFalse();
        assertThat(await(store().compareAndSetRunRef(job.name(), null, "launching@1")))
                .isTrue();
        assertThat(await(store().compareAndSetRunRef(job.name(), null, "launching@2")))
                .isFalse();
        assertThat(await(store().compareAndSetRunRef(job.name(), "launching@1", "cluster:3")))
                .isTrue();

        Job stored = await(store().find(job.name())).orElseThrow();
        assertThat(stored.runRef()).isEqualTo("cluster:3");
        assertThat(stored.lastSeq()).isEqualTo(1);
        assertThat(await(store().compareAndSetRunRef(uniqueName("missing"), null, "x")))
                .isFalse();
    }

    @Test
    void recordsTheSkyStatusAlone() {
        Job job = insert(uniqueName("sky-status"), Map.of());

        await(store().updateSkyStatus(job.name(), "UP/RUNNING"));

        Job stored = await(store().find(job.name())).orElseThrow();
        assertThat(stored.skyStatus()).isEqualTo("UP/RUNNING");
        assertThat(stored.status()).isEqualTo(JobStatus.PENDING);
        assertThat(stored.updatedAt()).isEqualTo(job.updatedAt());
        assertThat(stored.lastSeq()).isEqualTo(1);
    }

    @Test
    void aTransitionKeepsDetailsWrittenSinceTheJobWasRead() {
        Job read = insert(uniqueName("keep"), Map.of());
        await(store().compareAndSetRunRef(read.name(), null, "cluster:1"));
        await(store().updateSkyStatus(read.name(), "UP/RUNNING"));
        Job running = read.transitioned(JobStatus.RUNNING, T0.plusSeconds(3), null);

        assertThat(await(store().transition(running, 1, event(read, running, "seen running"))))
                .isTrue();

        Job stored = await(store().find(read.name())).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.runRef()).isEqualTo("cluster:1");
        assertThat(stored.skyStatus()).isEqualTo("UP/RUNNING");
    }

    @Test
    void deleteRemovesTheJobItsEventsAndLabelsSoTheNameCanBeReused() {
        String batch = uniqueName("del");
        Job job = insert(uniqueName("gone"), Map.of("batch", batch));

        assertThat(await(store().delete(job.name()))).isTrue();
        assertThat(await(store().delete(job.name()))).isFalse();

        assertThat(await(store().find(job.name()))).isEmpty();
        assertThat(await(store().events(job.name(), 0, 10))).isEmpty();
        assertThat(await(store().list(new JobQuery(10, null, Set.of(), Map.of("batch", batch), null)))
                        .total())
                .isZero();
        Job again = insert(job.name(), Map.of());
        assertThat(await(store().events(again.name(), 0, 10)))
                .extracting(JobEvent::seq)
                .containsExactly(1L);
    }

    @Test
    void recordsMetricsAsAnEventInTheJobsSequence() {
        Job job = insert(uniqueName("metrics"), Map.of());

        JobEvent event = await(store().recordMetrics(
                                job.name(), Map.of("loss", 1.5, "step", 3), null, null, T0.plusSeconds(9)))
                .orElseThrow();

        assertThat(event.seq()).isEqualTo(2);
        assertThat(event.type()).isEqualTo(JobEvent.METRICS);
        Job stored = await(store().find(job.name())).orElseThrow();
        assertThat(stored.trainingMetrics()).containsEntry("loss", 1.5).containsEntry("step", 3);
        assertThat(stored.lastSeq()).isEqualTo(2);
        List<JobEvent> events = await(store().events(job.name(), 1, 10));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(JobEvent.METRICS);
            assertThat(e.data()).containsKey("training_metrics");
            assertThat(e.owner()).isEqualTo("alice");
        });
        assertThat(await(store().recordMetrics(uniqueName("none"), Map.of(), null, null, T0)))
                .isEmpty();
    }

    @Test
    void readsEventsOfAllJobsByGlobalIdAndOwner() {
        long before = await(store().lastEventId());
        Job job = insert(uniqueName("global"), Map.of());

        List<JobEvent> all = await(store().eventsAfterId(before, null, 1000));
        List<JobEvent> alices = await(store().eventsAfterId(before, "alice", 1000));
        List<JobEvent> bobs = await(store().eventsAfterId(before, "bob", 1000));

        assertThat(all).extracting(JobEvent::jobName).contains(job.name());
        assertThat(alices).extracting(JobEvent::jobName).contains(job.name());
        assertThat(bobs).extracting(JobEvent::jobName).doesNotContain(job.name());
        assertThat(all).extracting(JobEvent::id).isSorted();
        assertThat(await(store().lastEventId())).isGreaterThan(before);
    }

    @Test
    void answersAPing() {
        await(store().ping());
    }

    private static LaunchReceipt receipt(String owner, String key, Job job, Instant at) {
        return new LaunchReceipt(owner, key, "hash-" + key, job.name(), "{\"job\":\"" + job.name() + "\"}", at);
    }

    @Test
    void keepsALaunchReceiptWithItsJob() {
        String key = uniqueName("key");
        Job job = pending(uniqueName("receipt"), Map.of());

        await(store().insert(job, created(job), Optional.of(receipt("alice", key, job, T0))));

        LaunchReceipt found =
                await(receipts().find("alice", key, T0.minusSeconds(1))).orElseThrow();
        assertThat(found.jobName()).isEqualTo(job.name());
        assertThat(found.responseJson()).contains(job.name());
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(await(receipts().find("bob", key, T0.minusSeconds(1)))).isEmpty();
        assertThat(await(receipts().find("alice", key, T0.plusSeconds(1)))).isEmpty();
    }

    @Test
    void aLiveKeyRefusesASecondJobAndStoresNothingOfIt() {
        String key = uniqueName("key");
        Job first = pending(uniqueName("first"), Map.of());
        Job second = pending(uniqueName("second"), Map.of());
        await(store().insert(first, created(first), Optional.of(receipt("alice", key, first, T0))));

        assertThatThrownBy(() -> await(store().insert(
                                second,
                                created(second),
                                Optional.of(receipt("alice", key, second, T0.plusSeconds(60))))))
                .isInstanceOf(IdempotencyKeyTakenException.class);

        assertThat(await(store().find(second.name()))).isEmpty();
        Job other = pending(uniqueName("other-owner"), Map.of());
        await(store().insert(other, created(other), Optional.of(receipt("bob", key, other, T0))));
    }

    @Test
    void aJobRefusedForItsNameLeavesNoReceipt() {
        String key = uniqueName("key");
        Job job = insert(uniqueName("taken"), Map.of());

        assertThatThrownBy(() -> await(store().insert(job, created(job), Optional.of(receipt("alice", key, job, T0)))))
                .isInstanceOf(ConflictException.class);

        assertThat(await(receipts().find("alice", key, T0.minusSeconds(1)))).isEmpty();
    }

    @Test
    void anExpiredKeyMayBeUsedAgainAndIsPurged() {
        String key = uniqueName("key");
        Job old = pending(uniqueName("old"), Map.of());
        Job fresh = pending(uniqueName("fresh"), Map.of());
        Instant later = T0.plus(LaunchReceipt.LIFETIME).plusSeconds(1);
        await(store().insert(old, created(old), Optional.of(receipt("alice", key, old, T0))));

        await(store().insert(fresh, created(fresh), Optional.of(receipt("alice", key, fresh, later))));

        assertThat(await(receipts().find("alice", key, LaunchReceipt.expiredBefore(later))))
                .hasValueSatisfying(r -> assertThat(r.jobName()).isEqualTo(fresh.name()));
        Job stale = pending(uniqueName("stale"), Map.of());
        String staleKey = uniqueName("key");
        await(store().insert(stale, created(stale), Optional.of(receipt("alice", staleKey, stale, T0))));
        assertThat(await(receipts().purge(later.minusSeconds(2)))).isGreaterThanOrEqualTo(1);
        assertThat(await(receipts().find("alice", staleKey, Instant.EPOCH))).isEmpty();
        assertThat(await(receipts().find("alice", key, Instant.EPOCH))).isPresent();
    }

    @Test
    void concurrentLaunchesUnderOneKeyCreateOneJob() throws Exception {
        String key = uniqueName("key");
        List<Job> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            candidates.add(pending(uniqueName("race"), Map.of()));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (Job job : candidates) {
                outcomes.add(threads.submit(() -> {
                    try {
                        await(store().insert(job, created(job), Optional.of(receipt("alice", key, job, T0))));
                        return true;
                    } catch (IdempotencyKeyTakenException e) {
                        return false;
                    }
                }));
            }
            int stored = 0;
            for (Future<Boolean> outcome : outcomes) {
                stored += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        long existing = candidates.stream()
                .filter(job -> await(store().find(job.name())).isPresent())
                .count();
        assertThat(existing).isEqualTo(1);
        String winner = await(receipts().find("alice", key, Instant.EPOCH))
                .orElseThrow()
                .jobName();
        assertThat(await(store().find(winner))).isPresent();
    }

    @Test
    void deletingAJobDropsItsReceipt() {
        String key = uniqueName("key");
        Job job = pending(uniqueName("deleted"), Map.of());
        await(store().insert(job, created(job), Optional.of(receipt("alice", key, job, T0))));

        await(store().delete(job.name()));

        assertThat(await(receipts().find("alice", key, Instant.EPOCH))).isEmpty();
        await(store().insert(job, created(job), Optional.of(receipt("alice", key, job, T0.plusSeconds(1)))));
    }
}
