package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every {@code sky} command line the service runs, as argument vectors. Pure. Each form is checked against the real
 * CLI's parser by the contract tests. Every command that could prompt gets {@code -y}; launches always get {@code -d}
 * (SkyPilot has no detached setup any more, and the service follows jobs by polling) and {@code --async}: the CLI
 * returns once the API server has taken the request, and prints the request's id, which the service records so that a
 * launch it gives up on can be cancelled on the server ({@code sky api cancel}) rather than run on unseen.
 */
public final class SkyCommands {

    private final String cli;

    public SkyCommands(String cli) {
        this.cli = cli;
    }

    public String cli() {
        return cli;
    }

    public List<String> version() {
        return List.of(cli, "--version");
    }

    /**
     * {@code sky launch --async -c <name> -y -d [--down -i <minutes>] [--secret NAME]... <task.yaml>}.
     *
     * @param idleMinutesToDown with {@code down}, SkyPilot's own autodown, a safety net behind the service's teardown
     */
    public List<String> launch(
            String cluster, Path task, boolean down, int idleMinutesToDown, Collection<String> secretNames) {
        List<String> argv = new ArrayList<>(List.of(cli, "launch", "--async", "-c", cluster, "-y", "-d"));
        if (down) {
            argv.addAll(List.of("--down", "-i", Integer.toString(idleMinutesToDown)));
        }
        secrets(argv, secretNames);
        argv.add(task.toString());
        return argv;
    }

    /** {@code sky jobs launch --async -n <name> -y -d [--secret NAME]... <task.yaml>}. */
    public List<String> jobsLaunch(String name, Path task, Collection<String> secretNames) {
        List<String> argv = new ArrayList<>(List.of(cli, "jobs", "launch", "--async", "-n", name, "-y", "-d"));
        secrets(argv, secretNames);
        argv.add(task.toString());
        return argv;
    }

    /** All clusters of this user; the service filters, so the command line does not grow with the number of jobs. */
    public List<String> status() {
        return List.of(cli, "status", "-o", "json");
    }

    public List<String> queue(Collection<String> clusters) {
        List<String> argv = new ArrayList<>(List.of(cli, "queue", "-o", "json"));
        argv.addAll(clusters);
        return argv;
    }

    /** {@code -v} for failure reasons, {@code -a} because the default shows only the 50 newest jobs. */
    public List<String> jobsQueue() {
        return List.of(cli, "jobs", "queue", "-o", "json", "-v", "-a");
    }

    public List<String> cancel(String cluster, long jobId) {
        return List.of(cli, "cancel", "-y", cluster, Long.toString(jobId));
    }

    public List<String> down(String cluster) {
        return List.of(cli, "down", "-y", cluster);
    }

    public List<String> logs(String cluster, long jobId, int tail) {
        return List.of(cli, "logs", cluster, Long.toString(jobId), "--no-follow", "--tail", Integer.toString(tail));
    }

    /** Follows a cluster job's log from its first line until the job ends. */
    public List<String> logsFollow(String cluster, long jobId) {
        return List.of(cli, "logs", cluster, Long.toString(jobId), "--follow", "--tail", "0");
    }

    /** Follows a managed job's log until the job ends. */
    public List<String> jobsLogsFollow(long jobId) {
        return List.of(cli, "jobs", "logs", Long.toString(jobId), "--follow");
    }

    public List<String> jobsCancel(long jobId) {
        return List.of(cli, "jobs", "cancel", "-y", Long.toString(jobId));
    }

    /** Cancels by name, for a managed job whose id was never recorded. */
    public List<String> jobsCancelByName(String name) {
        return List.of(cli, "jobs", "cancel", "-y", "-n", name);
    }

    public List<String> jobsLogs(long jobId, int tail) {
        return List.of(cli, "jobs", "logs", Long.toString(jobId), "--no-follow", "--tail", Integer.toString(tail));
    }

    /**
     * Waits for a request taken by the API server and prints its log: exits 0 once it succeeded, 1 when it failed or
     * was cancelled (the server's exception, re-raised by the CLI).
     */
    public List<String> apiLogs(String requestId) {
        return List.of(cli, "api", "logs", requestId);
    }

    /** Cancels a request on the API server; a request already finished is left as it is. */
    public List<String> apiCancel(String requestId) {
        return List.of(cli, "api", "cancel", "-y", requestId);
    }

    /** The status of the named requests, finished ones included (ids given, the server applies no status filter). */
    public List<String> apiStatus(Collection<String> requestIds) {
        List<String> argv = new ArrayList<>(List.of(cli, "api", "status", "-o", "json"));
        argv.addAll(requestIds);
        return argv;
    }

    private static void secrets(List<String> argv, Collection<String> names) {
        for (String name : names) {
            argv.add("--secret");
            argv.add(name);
        }
    }
}
