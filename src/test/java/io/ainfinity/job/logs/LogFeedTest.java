package io.ainfinity.job.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.logs.LogUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/** When a feed declares its log complete: not before whatever copies the log has stopped writing. */
class LogFeedTest {

    @TempDir
    Path dir;

    /** Stands for a {@code sky logs --follow} process: running until the test says it exited. */
    private static final class Follower implements LogUpstream {
        volatile boolean running = true;

        @Override
        public boolean writing() {
            return running;
        }

        @Override
        public void close() {
            running = false;
        }
    }

    /** Records what a feed publishes: its batches' line numbers, then -1 for the end. */
    private static final class Published implements LogFeed.Listener {
        final List<Long> numbers = new CopyOnWriteArrayList<>();
        final List<String> frames = new CopyOnWriteArrayList<>();

        @Override
        public void lines(LogBatch batch) {
            for (long n = batch.first(); n <= batch.last(); n++) {
                numbers.add(n);
            }
            frames.add(batch.frames().toString());
        }

        @Override
        public void ended(long lastLine) {
            numbers.add(-1L);
        }
    }

    @Test
    void waitsForTheFollowerToCopyTheLastLinesAfterTheJobEnded() throws Exception {
        Path spool = dir.resolve("follow.log");
        Files.writeString(spool, "step 1\nstep 2\n");
        Published published = new Published();
        LogFeed feed = new LogFeed("job", spool, published);
        Follower follower = new Follower();
        feed.upstream(follower);

        feed.poll();
        feed.jobEnded();
        feed.poll();
        feed.poll();
        assertThat(feed.complete()).isFalse();
        assertThat(published.numbers).doesNotContain(-1L);

        Files.writeString(spool, "finished", StandardOpenOption.APPEND);
        follower.running = false;
        feed.poll();
        feed.poll();

        assertThat(feed.complete()).isTrue();
        assertThat(published.numbers).containsExactly(1L, 2L, 3L, -1L);
        assertThat(published.frames)
                .containsExactly(
                        "id: 1\nevent: log\ndata: {\"n\":1,\"line\":\"step 1\"}\n\n"
                                + "id: 2\nevent: log\ndata: {\"n\":2,\"line\":\"step 2\"}\n\n",
                        "id: 3\nevent: log\ndata: {\"n\":3,\"line\":\"finished\"}\n\n");
    }

    @Test
    void keepsTheLastLinesForSubscribersThatStartNearTheEnd() throws Exception {
        Path log = dir.resolve("run.log");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= LogFeed.RECENT + 50; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        LogFeed feed = new LogFeed("job", log, new Published());

        feed.poll();

        long last = LogFeed.RECENT + 50;
        assertThat(feed.recentAfter(last)).isEmpty();
        assertThat(feed.recentAfter(last - 2)).extracting(LogLine::number).containsExactly(last - 1, last);
        assertThat(feed.recentAfter(last - LogFeed.RECENT)).hasSize(LogFeed.RECENT);
        // Older lines are read from the file.
        assertThat(feed.recentAfter(last - LogFeed.RECENT - 1)).isNull();
        assertThat(feed.recentAfter(0)).isNull();
    }

    @Test
    void aLogTheTaskWritesItselfIsCompleteOnceTheJobEnded() throws Exception {
        Path log = dir.resolve("run.log");
        Files.writeString(log, "only line\n");
        LogFeed feed = new LogFeed("job", log, new Published());
        feed.upstream(LogUpstream.NONE);
        feed.jobEnded();

        feed.poll();
        feed.poll();

        assertThat(feed.complete()).isTrue();
        assertThat(feed.lines()).isEqualTo(1);
    }
}
