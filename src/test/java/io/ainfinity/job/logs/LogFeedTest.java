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
import static org.assertj.core.api.Assertions.tuple;

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

    @Test
    void waitsForTheFollowerToCopyTheLastLinesAfterTheJobEnded() throws Exception {
        Path spool = dir.resolve("follow.log");
        Files.writeString(spool, "step 1\nstep 2\n");
        LogFeed feed = new LogFeed("job", spool);
        Follower follower = new Follower();
        feed.upstream(follower);
        List<LogLine> published = new CopyOnWriteArrayList<>();
        feed.live().subscribe().with(published::add);

        feed.poll();
        feed.jobEnded();
        feed.poll();
        feed.poll();
        assertThat(feed.complete()).isFalse();
        assertThat(published).noneMatch(LogLine::end);

        Files.writeString(spool, "finished", StandardOpenOption.APPEND);
        follower.running = false;
        feed.poll();
        feed.poll();

        assertThat(feed.complete()).isTrue();
        assertThat(published)
                .extracting(LogLine::number, LogLine::text)
                .containsExactly(tuple(1L, "step 1"), tuple(2L, "step 2"), tuple(3L, "finished"), tuple(4L, null));
        assertThat(published.get(3).end()).isTrue();
    }

    @Test
    void aLogTheTaskWritesItselfIsCompleteOnceTheJobEnded() throws Exception {
        Path log = dir.resolve("run.log");
        Files.writeString(log, "only line\n");
        LogFeed feed = new LogFeed("job", log);
        feed.upstream(LogUpstream.NONE);
        feed.jobEnded();

        feed.poll();
        feed.poll();

        assertThat(feed.complete()).isTrue();
        assertThat(feed.lines()).isEqualTo(1);
    }
}
