package io.ainfinity.process;

/** The program of a command is not on disk or not executable; nothing was started. */
public final class CommandNotFoundException extends RuntimeException {

    public CommandNotFoundException(String program) {
        super("command not found or not executable: " + program);
    }
}
