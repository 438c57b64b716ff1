package io.ainfinity.job.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.ws.rs.NameBinding;

/**
 * Marks a streaming method whose {@code job_name} must name a job the caller may see. The check runs in
 * {@link VisibleJobFilter} before the method, because a stream's status line is sent as soon as the stream opens.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface VisibleJob {}
