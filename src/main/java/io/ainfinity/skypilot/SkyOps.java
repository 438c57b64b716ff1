package io.ainfinity.skypilot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

import io.ainfinity.job.LaunchReservation;

/**
 * The line SkyPilot operations (launch, stop, teardown) wait in: first come, first served, at most a few at once so
 * that reads keep room on the process pool, and never two operations of the same job at the same time — a stop that
 * arrives during a launch waits for it, and one that arrives before the launch started takes its place.
 *
 * <p>The line is bounded for new launches only: a launch must {@link #reserve} a place before its job is recorded, and
 * is refused while {@code maxWaiting} operations wait or hold a place. Stops, teardowns and relaunches of recorded jobs
 * are never refused (they may take the line past its bound), so that what runs can always be ended.
 */
public final class SkyOps {

    private final int maxConcurrent;
    private final int maxWaiting;
    private final Deque<Op<?>> queued = new ArrayDeque<>();
    private final Set<String> running = new HashSet<>();
    private final Map<String, Integer> perJob = new HashMap<>();
    private int reserved;

    public SkyOps(int maxConcurrent, int maxWaiting) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("ainfinity.skypilot.max-concurrent-operations must be at least 1");
        }
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("ainfinity.skypilot.max-queued-operations must be at least 1");
        }
        this.maxConcurrent = maxConcurrent;
        this.maxWaiting = maxWaiting;
    }

    /**
     * Takes a place in the line for a launch about to be recorded, or empty when the line is full. The place counts as
     * waiting until it is closed, which the caller does once the launch is submitted or has been refused: taken and
     * counted in one step, so concurrent launches can never take more places than there are.
     */
    public Optional<LaunchReservation> reserve() {
        synchronized (this) {
            if (queued.size() + reserved >= maxWaiting) {
                return Optional.empty();
            }
            reserved++;
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return Optional.of(() -> {
            if (held.compareAndSet(true, false)) {
                synchronized (this) {
                    reserved--;
                }
            }
        });
    }

    /** Queues the work; the returned Uni completes with its outcome (or null when the work was withdrawn). */
    public <T> Uni<T> submit(String job, String kind, Supplier<Uni<T>> work) {
        Op<T> op = new Op<>(job, kind, work, new CompletableFuture<>());
        synchronized (this) {
            queued.addLast(op);
            perJob.merge(job, 1, Integer::sum);
        }
        dispatch();
        return Uni.createFrom().completionStage(op.done);
    }

    /** Whether the job has an operation waiting or running: the reconciler leaves such jobs alone. */
    public synchronized boolean busy(String job) {
        return perJob.containsKey(job);
    }

    /** Withdraws the job's operations of that kind that have not started yet. Tells whether there was one. */
    public boolean withdraw(String job, String kind) {
        List<Op<?>> withdrawn = new ArrayList<>();
        synchronized (this) {
            queued.removeIf(op -> {
                boolean match = op.job.equals(job) && op.kind.equals(kind);
                if (match) {
                    withdrawn.add(op);
                    release(job);
                }
                return match;
            });
        }
        withdrawn.forEach(op -> op.done.complete(null));
        return !withdrawn.isEmpty();
    }

    /** Operations waiting for their turn, and places reserved for launches about to be submitted. */
    public synchronized int waiting() {
        return queued.size() + reserved;
    }

    public synchronized int running() {
        return running.size();
    }

    public int maxWaiting() {
        return maxWaiting;
    }

    public int maxRunning() {
        return maxConcurrent;
    }

    private void dispatch() {
        List<Op<?>> starting = new ArrayList<>();
        synchronized (this) {
            Iterator<Op<?>> it = queued.iterator();
            while (running.size() < maxConcurrent && it.hasNext()) {
                Op<?> op = it.next();
                if (running.add(op.job)) {
                    it.remove();
                    starting.add(op);
                }
            }
        }
        starting.forEach(this::start);
    }

    private <T> void start(Op<T> op) {
        Uni<T> work;
        try {
            work = op.work.get();
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(item -> finish(op, item, null), failure -> finish(op, null, failure));
    }

    private <T> void finish(Op<T> op, T item, Throwable failure) {
        synchronized (this) {
            running.remove(op.job);
            release(op.job);
        }
        if (failure == null) {
            op.done.complete(item);
        } else {
            op.done.completeExceptionally(failure);
        }
        dispatch();
    }

    private void release(String job) {
        perJob.computeIfPresent(job, (k, n) -> n == 1 ? null : n - 1);
    }

    private record Op<T>(String job, String kind, Supplier<Uni<T>> work, CompletableFuture<T> done) {}
}
