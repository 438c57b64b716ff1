package io.ainfinity.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code sky} test double ({@code src/test/sky-double/sky}) seen from tests: its scenario knobs, its record of
 * every invocation, and seeding of clusters and managed jobs as if launched earlier.
 */
public final class SkyDouble {

    public static final Path SCRIPT = Path.of("src/test/sky-double/sky").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One call of the double. @param secrets which {@code --secret} names had a value (never the values) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Invocation(List<String> argv, String command, double time, long pid, Map<String, Object> secrets) {

        public boolean about(String name) {
            return argv.contains(name);
        }
    }

    private final Path state;

    public SkyDouble(Path state) {
        this.state = state;
    }

    /** The state shared by the Quarkus tests ({@code SKY_DOUBLE_STATE}, set by the build). */
    public static SkyDouble shared() {
        return new SkyDouble(Path.of(System.getenv("SKY_DOUBLE_STATE")));
    }

    public Path state() {
        return state;
    }

    /** Knobs for the cluster or managed job of that name (fixed when it is launched). */
    public synchronized void knobs(String name, Map<String, Object> knobs) {
        Map<String, Object> scenario = scenario();
        @SuppressWarnings("unchecked")
        Map<String, Object> perName =
                (Map<String, Object>) scenario.computeIfAbsent("per_name", k -> new LinkedHashMap<>());
        perName.put(name, knobs);
        write(scenario);
    }

    /** Knobs for every call. */
    public synchronized void globalKnobs(Map<String, Object> knobs) {
        Map<String, Object> scenario = scenario();
        scenario.putAll(knobs);
        write(scenario);
    }

    public List<Invocation> invocations() {
        Path file = state.resolve("invocations.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Invocation> all = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    all.add(JSON.readValue(line, Invocation.class));
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls of that command ({@code launch}, {@code jobs queue}, …) about that cluster or job name. */
    public List<Invocation> calls(String command, String name) {
        return invocations().stream()
                .filter(i -> i.command().equals(command) && (name == null || i.about(name)))
                .toList();
    }

    /** The id of the newest managed job of that name, which {@code sky jobs logs} calls name instead of the job. */
    public long managedJobId(String name) {
        try {
            long id = -1;
            for (var job : JSON.readTree(state.resolve("state.json").toFile()).path("managed")) {
                if (job.path("name").asText().equals(name)) {
                    id = job.path("id").asLong();
                }
            }
            if (id < 0) {
                throw new IllegalStateException("the double has no managed job " + name);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster or managed job name an asynchronous launch request (by id) was about. */
    public String requestSubject(String requestId) {
        try {
            return JSON.readTree(state.resolve("state.json").toFile())
                    .path("requests")
                    .path(requestId)
                    .path("subject")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clusters and managed jobs as if launched earlier: {"clusters": [{"name"}], "managed": [{"name"}]}. */
    public void seed(Map<String, Object> spec) {
        run(List.of("_seed"), JSON.valueToTree(spec).toString());
    }

    /** Runs the double as some other process would (a previous run of the service, say). */
    public String run(List<String> args, String stdin) {
        List<String> argv = new ArrayList<>(List.of(SCRIPT.toString()));
        argv.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().put("SKY_DOUBLE_STATE", state.toString());
            Process p = builder.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sky double " + args + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> scenario() {
        Path file = state.resolve("scenario.json");
        try {
            Files.createDirectories(state);
            return Files.exists(file)
                    ? JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {})
                    : new LinkedHashMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Map<String, Object> scenario) {
        try {
            Path tmp = state.resolve("scenario.json.tmp");
            JSON.writeValue(tmp.toFile(), scenario);
            Files.move(tmp, state.resolve("scenario.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
