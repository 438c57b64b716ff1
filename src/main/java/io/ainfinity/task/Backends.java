package io.ainfinity.task;

/** Names of the backends, as stored on jobs and shown in job_info. */
public final class Backends {

    /** The {@code infra} value that runs a task on this host instead of through SkyPilot. */
    public static final String LOCAL_INFRA = "local";

    public static final String LOCAL = "local";
    public static final String SKYPILOT = "skypilot";

    private Backends() {}

    public static String forInfra(String infra) {
        return LOCAL_INFRA.equals(infra) ? LOCAL : SKYPILOT;
    }
}
