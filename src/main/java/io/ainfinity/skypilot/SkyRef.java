package io.ainfinity.skypilot;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ainfinity.task.SkyMode;

/**
 * What the job's {@code run_ref} says about its SkyPilot launch. Before {@code sky launch} is invoked the service
 * writes a "launch started" marker naming the replica that launches; once SkyPilot's API server has taken the launch
 * request, the marker gets the request's id, and once the request is through, the SkyPilot job id replaces the
 * marker. A marker found without a launch in flight therefore means the outcome was lost (the replica stopped
 * meanwhile), and the leader asks the API server about the request, or looks the cluster or managed job up by name,
 * before it would launch anything again.
 *
 * <p>Forms: {@code launching@<epoch millis>[@<replica>[#<request id>]]}, {@code cluster}, {@code cluster:<job id>},
 * {@code managed:<job id>}. Markers without a replica are those of earlier versions.
 *
 * @param replica the replica whose launch wrote the marker; null on markers of earlier versions
 * @param requestId the launch request's id on the SkyPilot API server; null until it has one
 */
public record SkyRef(Kind kind, Long jobId, Instant startedAt, String replica, String requestId) {

    public enum Kind {
        LAUNCHING,
        CLUSTER,
        MANAGED
    }

    // A replica id is a pod name plus a suffix, or a configured id: neither holds '@' or '#'.
    private static final Pattern LAUNCHING = Pattern.compile("launching@(\\d+)(?:@([^@#]+)(?:#([0-9A-Za-z-]+))?)?");

    public static SkyRef launching(Instant at) {
        return new SkyRef(Kind.LAUNCHING, null, at, null, null);
    }

    public static SkyRef launching(Instant at, String replica) {
        return new SkyRef(Kind.LAUNCHING, null, at, replica, null);
    }

    public static SkyRef recorded(SkyMode mode, Long jobId) {
        return new SkyRef(mode == SkyMode.MANAGED ? Kind.MANAGED : Kind.CLUSTER, jobId, null, null, null);
    }

    public static Optional<SkyRef> parse(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        try {
            if (ref.startsWith("launching@")) {
                Matcher m = LAUNCHING.matcher(ref);
                if (!m.matches()) {
                    return Optional.empty();
                }
                Instant at = Instant.ofEpochMilli(Long.parseLong(m.group(1)));
                return Optional.of(new SkyRef(Kind.LAUNCHING, null, at, m.group(2), m.group(3)));
            }
            String[] parts = ref.split(":", 2);
            Kind kind = switch (parts[0]) {
                case "cluster" -> Kind.CLUSTER;
                case "managed" -> Kind.MANAGED;
                default -> null;
            };
            if (kind == null) {
                return Optional.empty();
            }
            Long id = parts.length > 1 ? Long.valueOf(parts[1]) : null;
            return Optional.of(new SkyRef(kind, id, null, null, null));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** This marker with the launch request's id added. */
    public SkyRef withRequest(String id) {
        return new SkyRef(kind, jobId, startedAt, replica, id);
    }

    public boolean isLaunching() {
        return kind == Kind.LAUNCHING;
    }

    public OptionalLong id() {
        return jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LAUNCHING ->
                "launching@" + startedAt.toEpochMilli()
                        + (replica == null ? "" : "@" + replica + (requestId == null ? "" : "#" + requestId));
            case CLUSTER -> jobId == null ? "cluster" : "cluster:" + jobId;
            case MANAGED -> jobId == null ? "managed" : "managed:" + jobId;
        };
    }
}
