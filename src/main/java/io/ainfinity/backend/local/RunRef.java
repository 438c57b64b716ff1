package io.ainfinity.backend.local;

import java.util.Optional;

/**
 * Identifies a local task's process across restarts: the pid plus the process's start time, so that a pid reused by
 * an unrelated process after a reboot is never mistaken for the task.
 *
 * @param startMillis 0 when unknown (then the pid alone is trusted)
 */
record RunRef(long pid, long startMillis) {

    static RunRef of(ProcessHandle handle) {
        return new RunRef(
                handle.pid(),
                handle.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L));
    }

    static Optional<RunRef> parse(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        String[] parts = ref.split("@", 2);
        try {
            return Optional.of(new RunRef(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<ProcessHandle> findAlive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> startMillis == 0
                        || h.info()
                                .startInstant()
                                .map(i -> i.toEpochMilli() == startMillis)
                                .orElse(false));
    }

    @Override
    public String toString() {
        return pid + "@" + startMillis;
    }
}
