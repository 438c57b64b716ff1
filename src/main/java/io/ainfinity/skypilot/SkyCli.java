package io.ainfinity.skypilot;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.process.CommandResult;
import io.ainfinity.process.CommandSpec;
import io.ainfinity.process.LineListener;
import io.ainfinity.process.ProcessRunner;

/**
 * Runs {@code sky} through the {@link ProcessRunner} (so on its bounded pool, never on the event loop), with the
 * environment SkyPilot needs, a time limit per kind of command, and secret values redacted from whatever it prints.
 * Secrets reach only launches, and only as names in argv: the values travel in the child's environment.
 */
public class SkyCli {

    private static final Logger LOG = Logger.getLogger(SkyCli.class);
    private static final String REDACTED = "[redacted]";

    /** Told of every run: the subcommand, how it ended ({@code ok}, {@code error}, {@code timeout}), how long. */
    @FunctionalInterface
    public interface Observer {
        void ran(String command, String outcome, Duration elapsed);
    }

    private final ProcessRunner runner;
    private final SkySettings settings;
    private final SkyCommands commands;
    private final Observer observer;

    public SkyCli(ProcessRunner runner, SkySettings settings) {
        this(runner, settings, (command, outcome, elapsed) -> {});
    }

    public SkyCli(ProcessRunner runner, SkySettings settings, Observer observer) {
        this.runner = runner;
        this.settings = settings;
        this.commands = new SkyCommands(settings.cli());
        this.observer = observer;
    }

    public SkyCommands commands() {
        return commands;
    }

    public SkySettings settings() {
        return settings;
    }

    /** Names to pass as {@code --secret}: those configured and set in the service's environment. */
    public List<String> secretNames() {
        return List.copyOf(settings.secrets().keySet());
    }

    /** Status, queue and logs: short time limit; fails fast when the pool is full. */
    public Uni<SkyCall> read(List<String> argv) {
        return run(argv, settings.readTimeout(), false);
    }

    /** Launches: the long time limit and the secrets; waits for room on the pool rather than failing. */
    public Uni<SkyCall> launch(List<String> argv) {
        return patiently(run(argv, settings.launchTimeout(), true));
    }

    /** Cancel and down; waits for room on the pool rather than failing. */
    public Uni<SkyCall> change(List<String> argv) {
        return patiently(run(argv, settings.downTimeout(), false));
    }

    Uni<SkyCall> run(List<String> argv, Duration timeout, boolean withSecrets) {
        Map<String, String> env = new HashMap<>(settings.env());
        if (withSecrets) {
            env.putAll(settings.secrets());
        }
        CommandSpec spec = new CommandSpec(argv, env, null, timeout);
        return runner.run(spec, LineListener.IGNORE).map(result -> {
            SkyCall call = new SkyCall(argv, redact(result), timeout);
            observer.ran(
                    subcommand(argv),
                    call.timedOut() ? "timeout" : call.exitCode() == 0 ? "ok" : "error",
                    result.elapsed());
            if (call.exitCode() == 2 && !call.timedOut() && !refusedMissingCluster(call)) {
                LOG.errorf(
                        "sky refused a command line built by the service (a bug): argv=%s reason=%s",
                        argv, call.failure());
            } else {
                LOG.debugf(
                        "sky argv=%s exitCode=%d timedOut=%s elapsedMs=%d",
                        argv, call.exitCode(), call.timedOut(), result.elapsed().toMillis());
            }
            return call;
        });
    }

    /** {@code launch}, {@code status}, {@code jobs_queue}, ...: a meter tag with a handful of values. */
    static String subcommand(List<String> argv) {
        if (argv.size() < 2) {
            return "version";
        }
        String first = argv.get(1).replaceFirst("^-+", "");
        return first.equals("jobs") || first.equals("api") ? first + "_" + (argv.size() > 2 ? argv.get(2) : "") : first;
    }

    /** {@code sky cancel} of a cluster that no longer exists is a usage error (exit 2) in SkyPilot 0.14.1. */
    static boolean refusedMissingCluster(SkyCall call) {
        return SkyOutput.stripAnsi(call.stderr()).contains("does not exist");
    }

    private CommandResult redact(CommandResult result) {
        if (settings.secrets().isEmpty()) {
            return result;
        }
        return new CommandResult(
                result.exitCode(),
                result.timedOut(),
                redact(result.stdout()),
                redact(result.stderr()),
                result.truncated(),
                result.elapsed());
    }

    private String redact(String text) {
        String out = text;
        for (String value : settings.secrets().values()) {
            // Values this short would mangle ordinary output; secrets are never this short in practice.
            if (value.length() >= 4) {
                out = out.replace(value, REDACTED);
            }
        }
        return out;
    }

    private static <T> Uni<T> patiently(Uni<T> uni) {
        return uni.onFailure(ServiceUnavailableException.class)
                .retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10))
                .atMost(60);
    }
}
