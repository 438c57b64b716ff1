package io.ainfinity.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import io.ainfinity.errors.ServiceUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPoolShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void workUnderWayFinishesWithinTheGrace() throws Exception {
        // Given a command that is running when the pool is closed
        WorkerPool pool = new WorkerPool("drain", 1, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var result = pool.submit(() -> {
                    started.countDown();
                    release.await();
                    return "done";
                })
                .subscribeAsCompletionStage();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        // When the pool closes with a grace and the command ends meanwhile
        Thread closer = new Thread(() -> pool.close(WAIT));
        closer.start();
        release.countDown();
        closer.join(WAIT.toMillis());

        // Then it completed normally, and the pool refuses new work
        assertThat(closer.isAlive()).isFalse();
        assertThat(result.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThatThrownBy(() -> pool.submit(() -> "late").await().atMost(WAIT))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void workOutlastingTheGraceIsInterrupted() throws Exception {
        // Given a command that would run far longer than the grace
        WorkerPool pool = new WorkerPool("drain", 1, 1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Uni<Object> endless = pool.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis());
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return null;
        });
        var result = endless.subscribeAsCompletionStage();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        // When the pool closes with a short grace
        long before = System.nanoTime();
        pool.close(Duration.ofMillis(200));

        // Then close returns soon after the grace and the command was interrupted
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> result.toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(interrupted).isTrue();
    }
}
