package io.ainfinity.backend.local;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local tasks this process is following, and stop requests that arrive before a task was started. Launch and
 * stop meet here under one lock per job, so a stop racing a launch is always seen by exactly one of them.
 */
final class LocalRuns {

    private final Map<String, Entry> runs = new ConcurrentHashMap<>();

    /** Records the started process; returns false when a stop was already requested (the caller must kill it). */
    boolean attach(String job, ProcessHandle handle) {
        Entry entry = runs.computeIfAbsent(job, k -> new Entry());
        synchronized (entry) {
            entry.handle = handle;
            return !entry.stopRequested;
        }
    }

    /** Marks the job as to be stopped and returns its process, if one was started. */
    Optional<ProcessHandle> requestStop(String job) {
        Entry entry = runs.computeIfAbsent(job, k -> new Entry());
        synchronized (entry) {
            entry.stopRequested = true;
            return Optional.ofNullable(entry.handle);
        }
    }

    boolean stopRequested(String job) {
        Entry entry = runs.get(job);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            return entry.stopRequested;
        }
    }

    void forget(String job) {
        runs.remove(job);
    }

    Set<String> followed() {
        return Set.copyOf(runs.keySet());
    }

    private static final class Entry {
        private ProcessHandle handle;
        private boolean stopRequested;
    }
}
