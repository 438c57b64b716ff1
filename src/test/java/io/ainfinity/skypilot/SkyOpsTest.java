package io.ainfinity.skypilot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

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
        SkyOps ops = new SkyOps(2);

        ops.submit("a", "launch", () -> op("a"));
        ops.submit("b", "launch", () -> op("b"));
        ops.submit("c", "launch", () -> op("c"));

        assertThat(started).containsExactly("a", "b");
        finish("b");
        assertThat(started).containsExactly("a", "b", "c");
    }

    @Test
    void neverRunsTwoOperationsOfOneJobAtOnce() {
        SkyOps ops = new SkyOps(4);

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
        SkyOps ops = new SkyOps(1);
        ops.submit("a", "launch", () -> op("a"));
        Uni<String> queued = ops.submit("b", "launch", () -> op("b"));

        assertThat(ops.withdraw("b", "launch")).isTrue();
        finish("a");

        assertThat(queued.await().indefinitely()).isNull();
        assertThat(started).containsExactly("a");
        assertThat(ops.busy("b")).isFalse();
        assertThat(ops.withdraw("b", "launch")).isFalse();
    }
}
