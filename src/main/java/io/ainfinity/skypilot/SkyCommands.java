package io.ainfinity.skypilot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every {@code sky} command line the service runs, as argument vectors. Pure. Each form is checked against the real
 * CLI's parser by the contract tests. Every command that could prompt gets {@code -y}; launches always get {@code -d}
 * (SkyPilot has no detached setup any more, and the service follows jobs by polling).
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
     * {@code sky launch -c <name> -y -d [--down -i <minutes>] [--secret NAME]... <task.yaml>}.
     *
     * @param idleMinutesToDown with {@code down}, SkyPilot's own autodown, a safety net behind the service's teardown
     */
    public List<String> launch(
            String cluster, Path task, boolean down, int idleMinutesToDown, Collection<String> secretNames) {
        List<String> argv = new ArrayList<>(List.of(cli, "launch", "-c", cluster, "-y", "-d"));
        if (down) {
            argv.addAll(List.of("--down", "-i", Integer.toString(idleMinutesToDown)));
        }
        secrets(argv, secretNames);
        argv.add(task.toString());
        return argv;
    }

    /** {@code sky jobs launch -n <name> -y -d [--secret NAME]... <task.yaml>}. */
    public List<String> jobsLaunch(String name, Path task, Collection<String> secretNames) {
        List<String> argv = new ArrayList<>(List.of(cli, "jobs", "launch", "-n", name, "-y", "-d"));
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

    private static void secrets(List<String> argv, Collection<String> names) {
        for (String name : names) {
            argv.add("--secret");
            argv.add(name);
        }
    }
}
