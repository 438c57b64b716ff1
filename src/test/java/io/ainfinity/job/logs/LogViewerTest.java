package io.ainfinity.job.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.logs.LogUpstream;
import io.ainfinity.process.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A viewer gets every line once and in order whatever happens to its connection: it joins between polls, its socket
 * fills up and drains, its client leaves. The event loop is stood in for by one single-threaded executor, as a real
 * loop is one thread; the connection by a sink that records what it was sent.
 */
class LogViewerTest {

    private static final Pattern ID = Pattern.compile("^id: (\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private final WorkerPool pool = new WorkerPool("test-replay", 1, 16);
    private final LogReplays replays = new LogReplays(pool);
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    /** Stands for an HTTP response: frames in the order written, a full flag the test sets, the drain callback. */
    private static final class Connection implements LogViewer.Sink {
        final List<String> frames = new ArrayList<>();
        volatile boolean full;
        volatile boolean open = true;
        volatile boolean ended;
        volatile Runnable drain;
        volatile int pushes;

        @Override
        public synchronized boolean write(LogBatch batch) {
            frames.add(batch.frames().toString());
            return open;
        }

        @Override
        public synchronized boolean push(LogBatch batch) {
            pushes++;
            return write(batch);
        }

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public void onDrain(Runnable drained) {
            drain = drained;
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void fail(Throwable failure) {
            throw new AssertionError(failure);
        }

        synchronized List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            for (String frame : frames) {
                Matcher m = ID.matcher(frame);
                while (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
            return ids;
        }
    }

    @AfterEach
    void stop() {
        pool.close(Duration.ofSeconds(1));
        loop.shutdownNow();
    }

    private Path log(int lines) throws Exception {
        Path log = dir.resolve("run.log");
        append(log, 1, lines);
        return log;
    }

    private static void append(Path log, int from, int to) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = from; i <= to; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void catchesUpFromTheFileThenTakesEachBatchWholeAndEndsWithTheLog() throws Exception {
        Path log = log(2_000);
        LogFeed feed = new LogFeed("job", log);
        feed.upstream(LogUpstream.NONE);
        feed.poll();
        Connection connection = new Connection();
        LogViewer viewer = new LogViewer(feed, 0, replays, loop);
        feed.subscribed();

        viewer.start(connection);
        await().atMost(Duration.ofSeconds(10)).until(() -> connection.ids().size() == 2_000);
        // Older lines than the feed keeps come from the file, a page at a time.
        assertThat(connection.frames.size()).isGreaterThanOrEqualTo(2_000 / LogViewer.PAGE);

        append(log, 2_001, 2_003);
        feed.poll();
        feed.jobEnded();
        feed.poll();

        await().atMost(Duration.ofSeconds(10)).until(() -> connection.ended);
        assertThat(connection.ids()).containsExactlyElementsOf(range(1, 2_003));
        assertThat(connection.pushes).isEqualTo(1);
        await().until(() -> feed.idleFor(0));
    }

    @Test
    void aConnectionThatFillsUpIsLeftAloneUntilItDrainsThenGetsWhatItMissed() throws Exception {
        Path log = log(10);
        LogFeed feed = new LogFeed("job", log);
        feed.upstream(LogUpstream.NONE);
        feed.poll();
        Connection slow = new Connection();
        Connection fast = new Connection();
        new LogViewer(feed, 9, replays, loop).start(slow);
        new LogViewer(feed, 9, replays, loop).start(fast);
        await().until(() -> slow.ids().size() == 1 && fast.ids().size() == 1);

        slow.full = true;
        append(log, 11, 11);
        feed.poll();
        await().until(() -> slow.drain != null && fast.ids().size() == 2);
        for (int i = 12; i <= 40; i++) {
            append(log, i, i);
            feed.poll();
        }
        await().until(() -> fast.ids().size() == 31);
        // Nothing was written to the full connection after the batch that filled it.
        assertThat(slow.ids()).containsExactly(10L, 11L);

        slow.full = false;
        slow.drain.run();
        await().until(() -> slow.ids().size() == 31);
        append(log, 41, 41);
        feed.poll();
        await().until(() -> slow.ids().size() == 32 && fast.ids().size() == 32);
        assertThat(slow.ids()).containsExactlyElementsOf(range(10, 41));
        assertThat(fast.ids()).containsExactlyElementsOf(range(10, 41));
    }

    @Test
    void aViewerWhoseClientLeftIsWrittenToNoMore() throws Exception {
        Path log = log(3);
        LogFeed feed = new LogFeed("job", log);
        feed.upstream(LogUpstream.NONE);
        feed.poll();
        Connection gone = new Connection();
        LogViewer viewer = new LogViewer(feed, 2, replays, loop);
        feed.subscribed();
        viewer.start(gone);
        await().until(() -> gone.ids().size() == 1);

        gone.open = false;
        append(log, 4, 4);
        feed.poll();
        await().until(() -> gone.ids().size() == 2);
        append(log, 5, 5);
        feed.poll();
        viewer.close();

        await().until(() -> feed.idleFor(0));
        assertThat(gone.ids()).containsExactly(3L, 4L);
        assertThat(feed.fanout().viewers()).isLessThanOrEqualTo(1);
    }
}
