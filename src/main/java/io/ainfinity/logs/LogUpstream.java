package io.ainfinity.logs;

/**
 * Whatever keeps a job's log file growing while the job runs (a process copying a remote log, or nothing when the task
 * writes the file itself). A log is complete only once its upstream has stopped writing: the job's end is often
 * known before the last lines have been copied.
 */
public interface LogUpstream extends AutoCloseable {

    /** Nothing to start: the task writes the log file itself, so the file is complete when the job ends. */
    LogUpstream NONE = new LogUpstream() {
        @Override
        public boolean writing() {
            return false;
        }

        @Override
        public void close() {}
    };

    /** True while more lines may still be written to the log file. */
    boolean writing();

    /** Stops the upstream; a log read afterwards ends where it stopped. */
    @Override
    void close();
}
