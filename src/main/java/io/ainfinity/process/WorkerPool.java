package io.ainfinity.process;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;

import io.ainfinity.errors.ServiceUnavailableException;

/**
 * A fixed number of threads with a bounded queue for blocking work (processes, JDBC), so that the event loop never
 * blocks and a flood of requests turns into 503s instead of an unbounded backlog.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final String name;
    private final int queue;
    private final ThreadPoolExecutor executor;

    public WorkerPool(String name, int size, int queue) {
        if (size < 1 || queue < 0) {
            throw new IllegalArgumentException("pool '%s' needs size >= 1 and queue >= 0".formatted(name));
        }
        this.name = name;
        this.queue = queue;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                size,
                size,
                60,
                TimeUnit.SECONDS,
                // A SynchronousQueue would reject as soon as all threads are busy; queue 0 means exactly that.
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "ainfinity-" + name + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs the blocking task on the pool; fails with {@link ServiceUnavailableException} when the pool is full. */
    public <T> Uni<T> submit(Callable<T> task) {
        return Uni.createFrom().emitter(emitter -> {
            try {
                executor.execute(() -> {
                    try {
                        emitter.complete(task.call());
                    } catch (Throwable failure) {
                        emitter.fail(failure);
                    }
                });
            } catch (RejectedExecutionException full) {
                emitter.fail(new ServiceUnavailableException(
                        "the %s pool is saturated, try again shortly".formatted(name), RETRY_AFTER));
            }
        });
    }

    public String name() {
        return name;
    }

    public int size() {
        return executor.getMaximumPoolSize();
    }

    public int active() {
        return executor.getActiveCount();
    }

    public int queued() {
        return executor.getQueue().size();
    }

    /** Tasks that may wait for a thread; one more is refused. */
    public int queueCapacity() {
        return queue;
    }

    /** True when every thread is busy and the queue is full: the next submission would be refused. */
    public boolean saturated() {
        return active() >= size() && executor.getQueue().remainingCapacity() == 0;
    }

    /**
     * Takes no more work, lets what is running or queued finish for up to {@code grace}, then interrupts what is left
     * (the runner kills the process tree of an interrupted command).
     */
    public void close(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts whatever runs at once. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
