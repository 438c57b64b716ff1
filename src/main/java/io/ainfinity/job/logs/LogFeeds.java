package io.ainfinity.job.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.job.BackendRegistry;
import io.ainfinity.job.Job;
import io.ainfinity.job.events.EventBus;
import io.ainfinity.job.events.EventStreams;
import io.ainfinity.job.events.StreamItem;
import io.ainfinity.job.store.JobStore;

/**
 * One {@link LogFeed} per job with subscribers, however many there are; a feed stops a grace period after its last
 * subscriber left. Feeds are polled together on a thread of their own, replays run on {@link LogReplays}, and feeds
 * learn that their job ended from the event bus.
 */
@ApplicationScoped
public class LogFeeds {

    private static final Logger LOG = Logger.getLogger(LogFeeds.class);

    private final BackendRegistry backends;
    private final JobStore store;
    private final LogReplays replays;
    private final EventBus bus;
    private final EventStreams streams;
    private final long graceNanos;
    private final Map<String, LogFeed> feeds = new ConcurrentHashMap<>();
    /** Feeds by their file's absolute path, for the watch; feeds whose file is not watched yet are absent. */
    private final Map<Path, LogFeed> watched = new ConcurrentHashMap<>();
    /** Feeds with a poll queued on the poller thread, so that a burst of writes costs one poll. */
    private final Set<LogFeed> due = ConcurrentHashMap.newKeySet();

    private final LogWatch watch;
    private final Duration interval;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ainfinity-log-feeds");
        t.setDaemon(true);
        return t;
    });

    public LogFeeds(
            BackendRegistry backends,
            JobStore store,
            LogReplays replays,
            EventBus bus,
            EventStreams streams,
            AinfinityConfig config) {
        this.backends = backends;
        this.store = store;
        this.replays = replays;
        this.bus = bus;
        this.streams = streams;
        this.graceNanos = config.events().followerGrace().toNanos();
        this.interval = config.events().logPollInterval();
        this.watch = startWatch();
    }

    private LogWatch startWatch() {
        try {
            return new LogWatch(this::changed);
        } catch (IOException | RuntimeException e) {
            LOG.infof("log files are not watched (%s): new lines go out at each poll", e.getMessage());
            return null;
        }
    }

    /** From the watch: the file gained lines. Read on the poller thread, where every feed is read. */
    private void changed(Path file) {
        LogFeed feed = watched.get(file);
        if (feed != null && due.add(feed)) {
            try {
                poller.execute(() -> {
                    due.remove(feed);
                    poll(feed);
                });
            } catch (RejectedExecutionException stopping) {
                due.remove(feed);
            }
        }
    }

    private void watch(LogFeed feed) {
        Path file = feed.file().toAbsolutePath();
        if (watch != null && !watched.containsKey(file) && watch.watch(file)) {
            watched.put(file, feed);
        }
    }

    private void unwatch(LogFeed feed) {
        Path file = feed.file().toAbsolutePath();
        if (watch != null && watched.remove(file, feed)) {
            watch.forget(file);
        }
    }

    void watchEnds(@Observes StartupEvent started) {
        bus.live().filter(event -> event.isTerminalStatus()).subscribe().with(event -> {
            LogFeed feed = feeds.get(event.jobName());
            if (feed != null) {
                feed.jobEnded();
            }
        });
    }

    /**
     * The job's log as a stream: the last {@code tail} lines (or those after {@code resumeAfter}, when the client
     * resumes), then new lines as they are written, ending when the job has ended and its log is drained.
     * The lines themselves are written to the connection by a {@link LogViewer} ({@link ViewerStream}).
     */
    public Multi<StreamItem> stream(Job job, Long resumeAfter, int tail, HttpServerRequest request) {
        return feed(job)
                .onItem()
                .transformToMulti(feed -> {
                    long from = resumeAfter != null ? resumeAfter : Math.max(0, feed.lines() - tail);
                    return ViewerStream.open(feed, from, replays, request);
                })
                .plug(items -> streams.counted("job_logs", items));
    }

    /**
     * Refuses a new log stream while the pool that replays logs is full: the stream would otherwise open and then end
     * at once.
     *
     * @throws ServiceUnavailableException when the pool has no room
     */
    public void checkCapacity() {
        if (replays.saturated()) {
            throw new ServiceUnavailableException(
                    "too many log streams are starting at once; retry shortly", Duration.ofSeconds(5));
        }
    }

    /** Feeds following a log now (one per job with recent subscribers). */
    public int active() {
        return feeds.size();
    }

    /**
     * Polls every feed on one dedicated thread, often enough that a line reaches its subscribers within about one
     * interval (the scheduler's one-second floor would be too slow): each poll is a size check and a read of only the
     * new bytes, never on the event loop.
     */
    void startPolling(@Observes StartupEvent started) {
        poller.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        long beat = streams.heartbeat().toMillis();
        poller.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /** A heartbeat comment to every live viewer, one task per event loop per feed. */
    private void heartbeat() {
        feeds.values().forEach(feed -> feed.fanout().heartbeat());
    }

    @PreDestroy
    void stopPolling() {
        poller.shutdownNow();
        if (watch != null) {
            watch.close();
        }
    }

    void pollAll() {
        feeds.values().removeIf(feed -> {
            if (feed.idleFor(graceNanos)) {
                unwatch(feed);
                feed.close();
                return true;
            }
            return false;
        });
        for (LogFeed feed : feeds.values()) {
            if (!feed.hasUpstream() && !feed.complete()) {
                startUpstream(feed);
            }
            // A run directory that did not exist when the feed was made may exist now.
            if (!feed.complete()) {
                watch(feed);
            }
            poll(feed);
        }
    }

    private static void poll(LogFeed feed) {
        try {
            feed.poll();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("job=%s log not read: %s", feed.job(), e.getMessage());
        }
    }

    /** Asks the job's backend to start its log's upstream; a job not yet followable is asked again next poll. */
    private void startUpstream(LogFeed feed) {
        store.find(feed.job())
                .subscribe()
                .with(
                        found -> found.ifPresent(job -> {
                            if (!feed.hasUpstream()) {
                                backends.named(job.backend()).followLog(job).ifPresent(feed::upstream);
                            }
                        }),
                        failure -> LOG.debugf("job=%s log upstream not started: %s", feed.job(), failure.getMessage()));
    }

    private Uni<LogFeed> feed(Job job) {
        Path file = backends.named(job.backend()).logFile(job);
        LogFeed existing = feeds.get(job.name());
        // A feed another subscriber is creating has not counted the log's lines yet: this one waits for that count
        // too (below), or its tail would be counted back from zero and it would get the whole log.
        if (existing != null && existing.file().equals(file) && existing.indexed()) {
            return Uni.createFrom().item(existing);
        }
        // Created under the map's lock for this job, so concurrent first subscribers start one upstream, not several.
        LogFeed feed = feeds.compute(job.name(), (name, old) -> {
            if (old != null && old.file().equals(file)) {
                return old;
            }
            if (old != null) {
                unwatch(old);
                old.close();
            }
            LogFeed created = new LogFeed(name, file);
            if (job.status().isTerminal()) {
                created.jobEnded();
            } else {
                backends.named(job.backend()).followLog(job).ifPresent(created::upstream);
                watch(created);
            }
            return created;
        });
        // The first poll numbers what the log already holds, so a tail can be counted back from its end.
        return feed.firstCount(replays);
    }
}
