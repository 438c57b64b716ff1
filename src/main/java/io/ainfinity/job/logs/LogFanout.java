package io.ainfinity.job.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Hands a feed's batches to its viewers with one task per event loop, not one per viewer: viewers are grouped by the
 * loop their connection runs on, and each group is only ever touched on its loop. A batch is encoded once and the same
 * buffer is written to every connection, one write (and flush) per connection per batch.
 */
final class LogFanout implements LogFeed.Listener {

    private final Map<Executor, List<LogViewer>> loops = new ConcurrentHashMap<>();
    private final LogBatch heartbeat = LogFrames.heartbeat();

    /** Adds a viewer to its loop's group. On that loop. */
    void join(LogViewer viewer) {
        loops.computeIfAbsent(viewer.loop(), loop -> new ArrayList<>()).add(viewer);
    }

    @Override
    public void lines(LogBatch batch) {
        each(viewer -> viewer.lines(batch));
    }

    @Override
    public void ended(long lastLine) {
        each(viewer -> viewer.logEnded(lastLine));
    }

    void heartbeat() {
        each(viewer -> viewer.heartbeat(heartbeat));
    }

    /** Viewers in all groups (ended ones are dropped at the next batch). */
    int viewers() {
        return loops.values().stream().mapToInt(List::size).sum();
    }

    private void each(Consumer<LogViewer> action) {
        loops.forEach((loop, group) -> {
            try {
                loop.execute(() -> {
                    group.removeIf(LogViewer::ended);
                    // Viewers join in tasks of their own on this loop, never from inside this one.
                    for (int i = 0; i < group.size(); i++) {
                        action.accept(group.get(i));
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // The loop is shutting down with the service: its connections are closing anyway.
            }
        });
    }
}
