package io.ainfinity.job.logs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Tells when a followed log file changes, so that its new lines go out as soon as they are written rather than at the
 * next poll (inotify on Linux). Where the file system cannot be watched, the poll alone still delivers every line,
 * within its interval.
 */
final class LogWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogWatch.class);

    private final WatchService service;
    private final Consumer<Path> changed;
    private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
    private final Map<Path, Set<Path>> files = new ConcurrentHashMap<>();
    private final Thread thread;

    /** @param changed called on the watching thread with each watched file that changed; it must not block */
    LogWatch(Consumer<Path> changed) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.changed = changed;
        this.thread = new Thread(this::run, "ainfinity-log-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code file}; false when its directory cannot be watched (not there yet, say). */
    boolean watch(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            keys.computeIfAbsent(dir, d -> {
                try {
                    return d.register(
                            service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException notWatchable) {
            // Also a watch closed at shutdown (ClosedWatchServiceException).
            return false;
        }
        files.computeIfAbsent(dir, d -> ConcurrentHashMap.newKeySet()).add(file.toAbsolutePath());
        return true;
    }

    /** Stops watching {@code file}, and its directory once no other watched file is in it. */
    void forget(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        files.computeIfPresent(dir, (d, names) -> {
            names.remove(file.toAbsolutePath());
            if (names.isEmpty()) {
                WatchKey key = keys.remove(d);
                if (key != null) {
                    key.cancel();
                }
                return null;
            }
            return names;
        });
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path dir = (Path) key.watchable();
                Set<Path> watched = files.getOrDefault(dir, Set.of());
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && watched.contains(dir.resolve(name))) {
                        changed.accept(dir.resolve(name));
                    } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        watched.forEach(changed);
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            LOG.debug("log watch stopped");
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debugf("log watch not closed: %s", e.getMessage());
        }
        thread.interrupt();
    }
}
