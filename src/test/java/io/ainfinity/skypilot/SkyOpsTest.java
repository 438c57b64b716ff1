package io.ainfinity.skypilot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.LaunchReservation;

import static org.assertj.core.api.Assertions.assertThat;

class SkyOpsTest {

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super String>> running = new CopyOnWriteArrayList<>();

    private Uni<String> op(String label) {
        return Uni.createFrom().emitter(e -> {
            started.add(label);
            running.add(e);
        });
    }

    private void finish(String label) {
        running.get(started.indexOf(label)).complete(label);
    }

    @Test
    void runsOperationsFirstComeFirstServedAFewAtATime() {
        SkyOps ops = new SkyOps(2, 16);

        ops.submit("a", "launch", () -> op("a"));
        ops.submit("b", "launch", () -> op("b"));
        ops.submit("c", "launch", () -> op("c"));

        assertThat(started).containsExactly("a", "b");
        finish("b");
        assertThat(started).containsExactly("a", "b", "c");
    }

    @Test
    void neverRunsTwoOperationsOfOneJobAtOnce() {
        SkyOps ops = new SkyOps(4, 16);

        ops.submit("a", "launch", () -> op("a-launch"));
        ops.submit("a", "stop", () -> op("a-stop"));
        ops.submit("b", "launch", () -> op("b-launch"));

        assertThat(started).containsExactly("a-launch", "b-launch");
        assertThat(ops.busy("a")).isTrue();
        finish("a-launch");
        assertThat(started).containsExactly("a-launch", "b-launch", "a-stop");
        finish("a-stop");
        assertThat(ops.busy("a")).isFalse();
    }

    @Test
    void aWithdrawnOperationNeverRunsAndCompletesEmpty() {
        SkyOps ops = new SkyOps(1, 16);
        ops.submit("a", "launch", () -> op("a"));
        Uni<String> queued = ops.submit("b", "launch", () -> op("b"));

        assertThat(ops.withdraw("b", "launch")).isTrue();
        finish("a");

        assertThat(queued.await().indefinitely()).isNull();
        assertThat(started).containsExactly("a");
        assertThat(ops.busy("b")).isFalse();
        assertThat(ops.withdraw("b", "launch")).isFalse();
    }

    @Test
    void aLaunchFindsNoPlaceWhileTheLineIsFullAndOneOnceAPlaceIsFree() {
        SkyOps ops = new SkyOps(1, 2);
        ops.submit("a", "launch", () -> op("a"));
        ops.submit("b", "launch", () -> op("b"));
        LaunchReservation held = ops.reserve().orElseThrow();

        assertThat(ops.waiting()).isEqualTo(2);
        assertThat(ops.reserve()).isEmpty();

        held.close();
        held.close();
        assertThat(ops.waiting()).isEqualTo(1);
        LaunchReservation next = ops.reserve().orElseThrow();
        assertThat(ops.reserve()).isEmpty();
        next.close();
        finish("a");
        assertThat(ops.waiting()).isZero();
        assertThat(ops.running()).isEqualTo(1);
        assertThat(ops.reserve()).isPresent();
    }

    @Test
    void stopsAndTeardownsAreNeverRefusedAndMayPassTheBound() {
        SkyOps ops = new SkyOps(1, 1);
        ops.submit("a", "launch", () -> op("a"));
        ops.submit("b", "launch", () -> op("b"));

        ops.submit("c", "stop", () -> op("c-stop"));
        ops.submit("d", "down", () -> op("d-down"));

        assertThat(ops.waiting()).isEqualTo(3);
        assertThat(ops.reserve()).isEmpty();
        finish("a");
        assertThat(started).containsExactly("a", "b");
    }

    @Test
    void launchesReservingAtOnceNeverTakeMorePlacesThanTheLineHas() throws InterruptedException {
        SkyOps ops = new SkyOps(1, 8);
        List<LaunchReservation> granted = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    ops.reserve().ifPresent(granted::add);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(granted).hasSize(8);
        assertThat(ops.waiting()).isEqualTo(8);
        granted.forEach(LaunchReservation::close);
        assertThat(ops.waiting()).isZero();
    }
}
