package io.ainfinity.security.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that draws on the launch budget. The budget follows the method a request was routed to,
 * not the text of its path, so {@code /api/v1/jobs/} or {@code /api/v1/jobs/.} cannot pass a launch off as a read.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LaunchBudget {}
