package io.ainfinity.skypilot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.process.CommandNotFoundException;
import io.ainfinity.process.Executables;

/**
 * Whether the SkyPilot backend can take work: enabled, and a {@code sky} of the pinned version. The version is read
 * with {@code sky --version} at start-up and then rarely ({@code ainfinity.skypilot.version-refresh}); whether the
 * CLI's file is there is looked at every {@code ainfinity.skypilot.cli-check-interval} on a worker thread. Requests
 * and health checks read only these cached answers, so they never start a process nor touch the file system on the
 * event loop: a CLI that has disappeared is noticed within the interval, and one that has come back is checked again.
 */
@ApplicationScoped
public class SkyAvailability {

    private static final Logger LOG = Logger.getLogger(SkyAvailability.class);
    private static final Pattern VERSION = Pattern.compile("version\\s+(\\S+)");
    private static final Duration START_UP_WAIT = Duration.ofSeconds(60);

    public enum State {
        DISABLED,
        UNCHECKED,
        MISSING,
        MISMATCH,
        FAILED,
        OK
    }

    /** The latest check. @param detail what is wrong, for readiness and 503 answers; null when OK */
    public record Check(State state, String version, String detail, Instant at) {}

    private final boolean enabled;
    private final SkyCli cli;
    private final Clock clock;
    private final AtomicReference<Check> last;
    private volatile boolean present = true;

    @Inject
    public SkyAvailability(AinfinityConfig config, SkyCli cli, Clock clock) {
        this(config.skypilot().enabled(), cli, clock);
    }

    public SkyAvailability(boolean enabled, SkyCli cli, Clock clock) {
        this.enabled = enabled;
        this.cli = cli;
        this.clock = clock;
        this.last = new AtomicReference<>(
                enabled
                        ? new Check(State.UNCHECKED, null, "the SkyPilot CLI has not been checked yet", clock.instant())
                        : new Check(
                                State.DISABLED,
                                null,
                                "the SkyPilot backend is disabled on this server",
                                clock.instant()));
    }

    void onStart(@Observes StartupEvent started) {
        if (enabled) {
            refresh().await().atMost(START_UP_WAIT);
        }
    }

    // Scheduled methods that return a Uni are called on the event loop; these stat a file and wait for a process, so
    // they are plain blocking methods, which Quarkus calls on a worker thread.
    @Scheduled(
            every = "${ainfinity.skypilot.version-refresh:1H}",
            delayed = "${ainfinity.skypilot.version-refresh:1H}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        if (enabled) {
            refresh().await().atMost(cli.settings().readTimeout().plus(START_UP_WAIT));
        }
    }

    /** Looks at the CLI's file (a stat) and records what changed: missing now, or back. */
    @Scheduled(
            every = "${ainfinity.skypilot.cli-check-interval:5S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void lookAtCli() {
        if (enabled) {
            present = stat();
            check();
        }
    }

    /** The latest check, corrected by the latest look at the CLI's file: never starts a process nor reads a file. */
    public Check check() {
        Check now = last.get();
        return switch (now.state()) {
            case DISABLED, UNCHECKED -> now;
            case MISSING -> present() ? recheck(now) : now;
            default -> present() ? now : record(new Check(State.MISSING, null, missing(), clock.instant()));
        };
    }

    /** Why a launch on SkyPilot cannot be accepted now, or empty when it can. Reads only cached state. */
    public Optional<String> unavailable() {
        Check now = check();
        return switch (now.state()) {
            case OK, FAILED -> Optional.empty();
            case UNCHECKED -> present() ? Optional.empty() : Optional.of(missing());
            default -> Optional.of(now.detail());
        };
    }

    /** Why no {@code sky} can run: the CLI is not at the configured place. */
    public static String missing(String program) {
        return "the SkyPilot CLI was not found at '%s' (run ./scripts/setup-sky.sh or set ainfinity.skypilot.cli)"
                .formatted(program);
    }

    private boolean present() {
        return present;
    }

    private boolean stat() {
        return Executables.resolve(cli.settings().cli()).isPresent();
    }

    /** The CLI is back: unchecked (so launches are taken) until {@code sky --version} has answered. */
    private Check recheck(Check missing) {
        Check unchecked = new Check(
                State.UNCHECKED, null, "the SkyPilot CLI is back and has not been checked yet", clock.instant());
        if (last.compareAndSet(missing, unchecked)) {
            LOG.infof(
                    "SkyPilot CLI %s is back; checking its version",
                    cli.settings().cli());
            refresh().subscribe().with(check -> {});
        }
        return last.get();
    }

    /** Looks at the CLI's file (on a worker thread) and runs {@code sky --version}. */
    public Uni<Check> refresh() {
        return Uni.createFrom()
                .item(this::stat)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(found -> {
                    present = found;
                    return found
                            ? version()
                            : Uni.createFrom().item(record(new Check(State.MISSING, null, missing(), clock.instant())));
                });
    }

    private Uni<Check> version() {
        String program = cli.settings().cli();
        String pinned = cli.settings().pinnedVersion();
        return cli.read(cli.commands().version())
                .map(call -> {
                    Matcher m = VERSION.matcher(SkyOutput.stripAnsi(call.stdout()));
                    if (!call.ok() || !m.find()) {
                        return new Check(
                                State.FAILED, null, "`sky --version` failed: " + call.failure(), clock.instant());
                    }
                    String version = m.group(1);
                    return version.equals(pinned)
                            ? new Check(State.OK, version, null, clock.instant())
                            : new Check(
                                    State.MISMATCH,
                                    version,
                                    "the SkyPilot CLI at %s is version %s; this service is pinned to %s (run"
                                                    .formatted(program, version, pinned)
                                            + " ./scripts/setup-sky.sh)",
                                    clock.instant());
                })
                .onFailure(CommandNotFoundException.class)
                .recoverWithItem(() -> new Check(State.MISSING, null, missing(), clock.instant()))
                .onFailure()
                .recoverWithItem(e -> new Check(State.FAILED, null, "`sky --version` failed: " + e, clock.instant()))
                .map(this::record);
    }

    private Check record(Check check) {
        Check before = last.getAndSet(check);
        if (before.state() != check.state()) {
            if (check.state() == State.OK) {
                LOG.infof("SkyPilot CLI %s, version %s", cli.settings().cli(), check.version());
            } else {
                LOG.warnf("SkyPilot backend unavailable: %s", check.detail());
            }
        }
        return check;
    }

    private String missing() {
        return missing(cli.settings().cli());
    }
}
