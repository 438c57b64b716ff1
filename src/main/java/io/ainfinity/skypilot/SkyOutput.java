package io.ainfinity.skypilot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ainfinity.skypilot.SkySnapshot.Cluster;
import io.ainfinity.skypilot.SkySnapshot.ClusterJob;
import io.ainfinity.skypilot.SkySnapshot.ManagedJob;

/**
 * Reads what {@code sky} prints. Pure. SkyPilot writes prose (some of it coloured) on stdout before the JSON of
 * {@code -o json} (e.g. {@code Cluster(s) not found: …}, {@code Fetching job queue for: …}), so the JSON is taken
 * from the first line that starts, at its first column, a JSON value of the expected kind that runs to the end of the
 * output; ANSI codes are stripped everywhere. SkyPilot prints that value with {@code indent=2}, so only its first and
 * last lines start at the first column: an indented line is inside a value, and output cut off before the value's end
 * is a read failure, never the inner object that happens to be complete.
 */
public final class SkyOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern JOB_ID = Pattern.compile("(?:Job ID|Job submitted, ID): (\\d+)");
    // The CLI prints "Managed Job ID" after a launch it waited for; the request log has the server's "Job submitted".
    private static final Pattern MANAGED_JOB_ID = Pattern.compile("(?:Managed Job ID|Job submitted, ID): (\\d+)");
    private static final Pattern REQUEST_ID = Pattern.compile("Submitted [\\w.]+ request: ([0-9A-Za-z-]+)");
    private static final Pattern EXCEPTION = Pattern.compile("^((?:[a-z_]\\w*\\.)*)([A-Z]\\w*): (.+)$");
    private static final Pattern CLICK_ERROR = Pattern.compile("^Error: (.+)$");
    private static final int MAX_REASON = 500;

    private SkyOutput() {}

    public static String stripAnsi(String text) {
        return text == null ? "" : ANSI.matcher(text).replaceAll("");
    }

    /** {@code sky status -o json}: clusters by name. */
    public static Map<String, Cluster> clusters(String stdout) {
        JsonNode list = json(stdout, '[');
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (JsonNode node : list) {
            String name = text(node, "name");
            if (name != null) {
                clusters.put(name, new Cluster(name, text(node, "status")));
            }
        }
        return clusters;
    }

    /** {@code sky queue -o json c…}: jobs by cluster; clusters SkyPilot could not query are simply absent. */
    public static Map<String, List<ClusterJob>> queues(String stdout) {
        JsonNode byCluster = json(stdout, '{');
        Map<String, List<ClusterJob>> queues = new LinkedHashMap<>();
        byCluster.fields().forEachRemaining(entry -> {
            List<ClusterJob> jobs = new ArrayList<>();
            for (JsonNode job : entry.getValue()) {
                if (job.hasNonNull("job_id")) {
                    jobs.add(new ClusterJob(job.get("job_id").asLong(), text(job, "job_name"), text(job, "status")));
                }
            }
            queues.put(entry.getKey(), jobs);
        });
        return queues;
    }

    /** {@code sky jobs queue -o json -v}: one record per task; the service's tasks are single. */
    public static List<ManagedJob> managedJobs(String stdout) {
        JsonNode list = json(stdout, '[');
        List<ManagedJob> jobs = new ArrayList<>();
        for (JsonNode job : list) {
            if (job.hasNonNull("job_id")) {
                jobs.add(new ManagedJob(
                        job.get("job_id").asLong(),
                        text(job, "job_name"),
                        text(job, "status"),
                        text(job, "failure_reason")));
            }
        }
        return jobs;
    }

    /**
     * True when {@code sky jobs queue -o json} failed only because there is no jobs controller, which SkyPilot
     * reports as {@code ClusterNotUpError: No in-progress managed jobs.} with exit code 1.
     */
    public static boolean noManagedJobs(String stdout, String stderr) {
        return stripAnsi(stderr + "\n" + stdout).contains("No in-progress managed jobs");
    }

    /** The id in {@code Job ID: 3} (launch) or {@code Job submitted, ID: 3} (exec). */
    public static OptionalLong launchedJobId(String stdout) {
        return firstLong(JOB_ID, stdout);
    }

    /** The id in {@code Managed Job ID: 7}, or {@code Job submitted, ID: 7} in the launch request's log. */
    public static OptionalLong managedJobId(String stdout) {
        return firstLong(MANAGED_JOB_ID, stdout);
    }

    /** The request id in {@code Submitted sky.launch request: <uuid>}, printed by a command run with --async. */
    public static Optional<String> requestId(String stdout) {
        Matcher m = REQUEST_ID.matcher(stripAnsi(stdout));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code sky api cancel} found nothing to cancel: the request had finished (or never existed). */
    public static boolean nothingToCancel(String stdout) {
        return stripAnsi(stdout).contains("No requests need to be cancelled");
    }

    /** {@code sky api status -o json <id>…}: request statuses (PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED) by id. */
    public static Map<String, String> requestStatuses(String stdout) {
        JsonNode list = json(stdout, '[');
        Map<String, String> statuses = new LinkedHashMap<>();
        for (JsonNode node : list) {
            String id = text(node, "request_id");
            if (id != null) {
                statuses.put(id, text(node, "status"));
            }
        }
        return statuses;
    }

    /**
     * SkyPilot's one-line reason for a failure: the last {@code sky.exceptions.X: message} line (printed without a
     * traceback) as {@code X: message}, else click's {@code Error: …}, else the last line printed.
     */
    public static String reason(String stdout, String stderr) {
        List<String> lines = new ArrayList<>();
        for (String text : new String[] {stdout, stderr}) {
            for (String line : stripAnsi(text).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        String found = null;
        String click = null;
        for (String line : lines) {
            Matcher m = EXCEPTION.matcher(line);
            if (m.matches()
                    && !"Error".equals(m.group(2))
                    && (m.group(1).contains("exceptions.") || m.group(2).matches(".*(Error|Exception)"))) {
                found = m.group(2) + ": " + m.group(3);
            }
            Matcher c = CLICK_ERROR.matcher(line);
            if (c.matches()) {
                click = c.group(1);
            }
        }
        String reason =
                found != null ? found : click != null ? click : lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
    }

    static JsonNode json(String stdout, char open) {
        String[] lines = stripAnsi(stdout).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith(String.valueOf(open))) {
                continue;
            }
            String rest = String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
            try {
                JsonNode node = JSON.readTree(rest);
                if (node != null && (open == '[' ? node.isArray() : node.isObject())) {
                    return node;
                }
            } catch (JsonProcessingException notThisLine) {
                // Prose that happens to start with a bracket, or a value cut off: try the next candidate line.
            }
        }
        throw new SkyOutputException("no JSON " + (open == '[' ? "list" : "object") + " in the output of sky: "
                + abbreviate(stripAnsi(stdout)));
    }

    private static OptionalLong firstLong(Pattern pattern, String text) {
        Matcher m = pattern.matcher(stripAnsi(text));
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
