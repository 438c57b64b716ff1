package io.ainfinity.job.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.ws.rs.NameBinding;

/**
 * Marks a stream that starts by replaying a log file on the worker pool. {@link LogCapacityFilter} answers 503 before
 * such a stream opens while the pool is full, because once the stream's status line is sent, a failure can only end
 * it.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ReplaysLog {}
