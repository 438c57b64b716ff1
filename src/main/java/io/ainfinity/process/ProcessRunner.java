package io.ainfinity.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;

import static io.ainfinity.process.LineListener.Stream.STDERR;
import static io.ainfinity.process.LineListener.Stream.STDOUT;

/**
 * Runs short-lived commands (the {@code sky} CLI) on a bounded {@link WorkerPool}: argv only, output streamed line by
 * line and captured up to a limit, the whole process tree killed when the timeout passes, the exit code returned.
 */
public final class ProcessRunner implements AutoCloseable {

    /** Bytes of each stream kept in the result; more is still streamed to the listener, then dropped. */
    public static final int CAPTURE_LIMIT = 16 * 1024 * 1024;

    /** How long to wait for the rest of the output once the process group is gone. */
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(10);

    private final WorkerPool pool;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ainfinity-process-watchdog");
        t.setDaemon(true);
        return t;
    });

    public ProcessRunner(WorkerPool pool) {
        this.pool = pool;
    }

    public Uni<CommandResult> run(CommandSpec spec, LineListener listener) {
        return pool.submit(() -> runBlocking(spec, listener));
    }

    /** Starts the command in a process group of its own; output goes to {@code output} when it is not null. */
    public static Process start(CommandSpec spec, Path output) throws IOException {
        Path program =
                Executables.resolve(spec.program()).orElseThrow(() -> new CommandNotFoundException(spec.program()));
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        argv.add(program.toString());
        argv.addAll(spec.argv().subList(1, spec.argv().size()));
        ProcessBuilder builder =
                new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        if (spec.inherited() != null) {
            env.keySet().retainAll(spec.inherited());
        }
        env.putAll(spec.env());
        if (spec.workDir() != null) {
            builder.directory(spec.workDir().toFile());
        }
        if (output != null) {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        }
        return builder.start();
    }

    private CommandResult runBlocking(CommandSpec spec, LineListener listener) throws Exception {
        long started = System.nanoTime();
        Process process = start(spec, null);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(
                () -> {
                    timedOut.set(true);
                    ProcessTree.kill(process.toHandle());
                },
                spec.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            Capture out = new Capture();
            Capture err = new Capture();
            CompletableFuture<Void> stdout = pumpAsync(process, process.getInputStream(), STDOUT, listener, out);
            CompletableFuture<Void> stderr = pumpAsync(process, process.getErrorStream(), STDERR, listener, err);
            int exit = process.waitFor();
            // Children left in the background would hold the pipes open and outlive the command: end them too.
            ProcessTree.kill(process.toHandle());
            CompletableFuture.allOf(stdout, stderr).get(PUMP_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            return new CommandResult(
                    exit,
                    timedOut.get(),
                    out.text(),
                    err.text(),
                    out.truncated || err.truncated,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            deadline.cancel(false);
            if (process.isAlive()) {
                ProcessTree.kill(process.toHandle());
            }
        }
    }

    private static CompletableFuture<Void> pumpAsync(
            Process process, InputStream in, LineListener.Stream stream, LineListener listener, Capture capture) {
        return CompletableFuture.runAsync(
                () -> pump(in, stream, listener, capture),
                r -> daemon("ainfinity-" + stream.name().toLowerCase(Locale.ROOT) + "-" + process.pid(), r));
    }

    private static void pump(InputStream in, LineListener.Stream stream, LineListener listener, Capture capture) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                capture.add(line);
                listener.line(stream, line);
            }
        } catch (IOException closedByKill) {
            // The stream closes when the process tree is killed; what was read so far is kept.
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** Keeps output up to {@link #CAPTURE_LIMIT} characters. */
    private static final class Capture {
        private final StringBuilder text = new StringBuilder();
        private boolean truncated;

        void add(String line) {
            if (text.length() + line.length() + 1 > CAPTURE_LIMIT) {
                truncated = true;
                return;
            }
            text.append(line).append('\n');
        }

        String text() {
            return text.toString();
        }
    }
}
