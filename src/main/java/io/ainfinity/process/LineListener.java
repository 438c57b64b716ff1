package io.ainfinity.process;

/** Receives a command's output one line at a time, as it is produced, from the thread reading that stream. */
@FunctionalInterface
public interface LineListener {

    LineListener IGNORE = (stream, line) -> {};

    enum Stream {
        STDOUT,
        STDERR
    }

    void line(Stream stream, String line);
}
