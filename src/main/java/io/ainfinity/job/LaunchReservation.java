package io.ainfinity.job;

/**
 * A place held for a launch before its job is recorded ({@link Backend#reserveLaunch}). Closed once the launch has
 * been handed to the backend, or when the request fails before that; closing it again does nothing.
 */
@FunctionalInterface
public interface LaunchReservation extends AutoCloseable {

    /** For backends whose launches wait in no line of their own. */
    LaunchReservation NONE = () -> {};

    @Override
    void close();
}
