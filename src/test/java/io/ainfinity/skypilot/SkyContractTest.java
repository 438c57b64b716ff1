package io.ainfinity.skypilot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.TaskRenderer;
import io.ainfinity.task.TaskSpec;
import io.ainfinity.task.TemplateParser;
import io.ainfinity.task.Training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service against the real, pinned SkyPilot ({@code .venv/bin/sky}, from {@code scripts/setup-sky.sh}), where no
 * cloud is needed: every renderable task validates with {@code sky.Task.from_yaml}; every command line the backend
 * builds passes the real CLI's parser (in-process, and as the real CLI with {@code --help} appended); the JSON of
 * status and queues on an empty state parses. Skipped, and says so, when the CLI is not installed. In the slow lane
 * ({@code -Pslow}): it needs that CLI, and each start of it costs seconds of Python imports.
 */
@Tag("slow")
class SkyContractTest {

    private static final Logger LOG = Logger.getLogger(SkyContractTest.class);
    private static final Path VENV = Path.of(".venv/bin").toAbsolutePath();
    private static final Path SCRIPTS =
            Path.of("src/test/resources/skypilot/contract").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    /** Each test is reported skipped, with the reason, so that a run without the CLI says so test by test. */
    @BeforeEach
    void requireTheCli() {
        boolean installed = Files.isExecutable(VENV.resolve("sky"));
        if (!installed) {
            LOG.warn("SKIPPED SkyPilot contract test: .venv/bin/sky is missing (run ./scripts/setup-sky.sh)");
        }
        assumeTrue(installed, "SkyPilot contract test SKIPPED: .venv/bin/sky is missing; run ./scripts/setup-sky.sh");
    }

    @AfterAll
    static void stopTheLocalApiServer() throws Exception {
        if (Files.isExecutable(VENV.resolve("sky"))) {
            run(List.of(VENV.resolve("sky").toString(), "api", "stop"), Duration.ofSeconds(60));
        }
    }

    @Test
    void everyTemplateWithEveryRequestOptionValidatesWithSkyPilot() throws Exception {
        Map<String, TaskSpec> templates = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("skylaunch"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String name = f.getFileName().toString().replace(".yaml", "");
                templates.put(name, TemplateParser.parse(name, Files.readString(f)));
            }
        }
        List<String> paths = new ArrayList<>();
        int i = 0;
        for (var template : templates.entrySet()) {
            for (String infra : List.of(
                    "aws",
                    "aws/us-east-1",
                    "gcp",
                    "gcp/us-central1/us-central1-a",
                    "k8s",
                    "kubernetes",
                    "k8s/my-ctx",
                    "k8s/arn:aws:eks:us-east-1:123456789012:cluster/train")) {
                for (String accelerators : List.of("RTX3090:1", "H100:8", "A100-80GB:2")) {
                    for (boolean spot : List.of(true, false)) {
                        i++;
                        Resources r = new Resources(
                                infra,
                                accelerators,
                                i % 2 == 0 ? 10 : 256,
                                i % 3 == 0 ? "docker:python:3.11-slim" : Resources.DEFAULT_IMAGE_ID,
                                i % 4 == 0 ? "64+" : null,
                                i % 5 == 0 ? "8" : null,
                                spot);
                        Map<String, String> envs =
                                i % 2 == 0 ? Map.of() : Map.of("WANDB_PROJECT", "p", "NOTE", "a: b\nrun: x");
                        JobSpec spec = new JobSpec(
                                template.getKey(),
                                r,
                                Training.empty().withDefaults(),
                                Map.of(),
                                envs,
                                true,
                                true,
                                SkyMode.CLUSTER);
                        Path file = home.resolve("task-" + i + ".yaml");
                        Files.writeString(file, TaskRenderer.render(template.getValue(), "job-" + i, spec));
                        paths.add(file.toString());
                    }
                }
            }
        }
        Path broken = Files.writeString(home.resolve("broken.yaml"), "name: x\nresources:\n  infra: nosuchcloud\n");
        paths.add(broken.toString());

        Map<String, String> results = results(python("validate_tasks.py", paths));

        assertThat(results).hasSize(paths.size());
        assertThat(results.remove(broken.toString()))
                .as("a control SkyPilot must reject")
                .contains("nosuchcloud");
        assertThat(results)
                .allSatisfy((path, result) -> assertThat(result).as(path).isEqualTo("ok"));
    }

    @Test
    void everyCommandLineTheBackendBuildsPassesTheRealParser() throws Exception {
        List<List<String>> forms = argvForms();
        List<List<String>> args =
                new ArrayList<>(forms.stream().map(a -> a.subList(1, a.size())).toList());
        args.add(List.of("launch", "--detach-setup", "x.yaml"));

        JsonNode results = python("parse_argv.py", args);

        for (int i = 0; i < forms.size(); i++) {
            assertThat(results.get(i).asText())
                    .as(String.join(" ", forms.get(i)))
                    .isEqualTo("ok");
        }
        assertThat(results.get(forms.size()).asText())
                .as("a control the parser must refuse")
                .startsWith("NoSuchOption");
        // Each real CLI start costs seconds of Python imports: run them a few at a time.
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Result>> helps = new ArrayList<>();
            for (List<String> form : forms) {
                List<String> help = new ArrayList<>(form);
                help.add("--help");
                helps.add(threads.submit(() -> run(help, Duration.ofSeconds(120))));
            }
            for (int i = 0; i < forms.size(); i++) {
                Result r = helps.get(i).get();
                assertThat(r.exit())
                        .as(String.join(" ", forms.get(i)) + " --help\n" + r.output())
                        .isZero();
                assertThat(r.output()).doesNotContain("No such option").startsWith("Usage: sky");
            }
        } finally {
            threads.shutdownNow();
        }
        Result version = run(List.of(VENV.resolve("sky").toString(), "--version"), Duration.ofSeconds(60));
        assertThat(version.output()).contains("version 0.14.1");
    }

    @Test
    void theJsonOfAnEmptyStateParses() throws Exception {
        SkyCommands c = new SkyCommands(VENV.resolve("sky").toString());

        Result status = run(c.status(), Duration.ofMinutes(3));
        Result queue = run(c.queue(List.of("no-such-cluster")), Duration.ofMinutes(1));
        Result jobs = run(c.jobsQueue(), Duration.ofMinutes(1));

        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(SkyOutput.clusters(status.output())).isEmpty();
        assertThat(queue.exit()).as(queue.output()).isZero();
        assertThat(SkyOutput.queues(queue.output())).isEmpty();
        // No jobs controller on an empty state: exit 1 with ClusterNotUpError, which the reader takes as "no jobs".
        assertThat(jobs.exit()).as(jobs.output()).isEqualTo(1);
        assertThat(SkyOutput.noManagedJobs(jobs.output(), "")).isTrue();
    }

    /**
     * An asynchronous launch with no cloud set up: the real API server takes the request (the CLI prints its id and
     * exits 0), then fails it. The launch path's every step is read from what the real CLI prints: the id, the
     * request's status, the wait's exit code and reason, and a cancel of a request already over.
     */
    @Test
    void anAsyncLaunchLeavesARequestTheServiceCanWaitForAndCancel() throws Exception {
        SkyCommands c = new SkyCommands(VENV.resolve("sky").toString());
        Path task = home.resolve("no-cloud.yaml");
        Files.writeString(task, "resources:\n  infra: kubernetes\nrun: echo hi\n");

        Result submit = run(c.launch("contract-async", task, true, 15, List.of()), Duration.ofMinutes(3));
        assertThat(submit.exit()).as(submit.output()).isZero();
        String id = SkyOutput.requestId(submit.output()).orElseThrow(() -> new AssertionError(submit.output()));

        Result status = run(c.apiStatus(List.of(id)), Duration.ofMinutes(1));
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(SkyOutput.requestStatuses(status.output()))
                .containsOnlyKeys(id)
                .extractingByKey(id)
                .isIn("PENDING", "RUNNING", "FAILED");

        Result wait = run(c.apiLogs(id), Duration.ofMinutes(3));
        assertThat(wait.exit()).as(wait.output()).isEqualTo(1);
        assertThat(SkyOutput.reason(wait.output(), "")).startsWith("NoCloudAccessError");
        Result after = run(c.apiStatus(List.of(id)), Duration.ofMinutes(1));
        assertThat(SkyOutput.requestStatuses(after.output())).containsEntry(id, "FAILED");

        Result cancel = run(c.apiCancel(id), Duration.ofMinutes(1));
        assertThat(cancel.exit()).as(cancel.output()).isZero();
        Result unknown = run(c.apiStatus(List.of("00000000-0000-4000-a000-000000000000")), Duration.ofMinutes(1));
        assertThat(SkyOutput.requestStatuses(unknown.output())).isEmpty();
    }

    static List<List<String>> argvForms() {
        SkyCommands c = new SkyCommands(VENV.resolve("sky").toString());
        Path task = home.resolve("task.yaml");
        List<String> secrets = List.of("HF_TOKEN", "WANDB_API_KEY");
        return List.of(
                c.launch("job-1", task, true, 15, secrets),
                c.launch("job-1", task, false, 15, List.of()),
                c.jobsLaunch("job-1", task, secrets),
                c.status(),
                c.queue(List.of("job-1", "job-2")),
                c.jobsQueue(),
                c.cancel("job-1", 1),
                c.down("job-1"),
                c.logs("job-1", 1, 100),
                c.jobsCancel(7),
                c.jobsCancelByName("job-1"),
                c.jobsLogs(7, 100),
                c.logsFollow("job-1", 1),
                c.jobsLogsFollow(7),
                c.apiLogs("f34648b4"),
                c.apiCancel("f34648b4"),
                c.apiStatus(List.of("f34648b4", "0a1b2c3d")));
    }

    private static JsonNode python(String script, Object input) throws Exception {
        Path in = home.resolve(script + ".json");
        JSON.writeValue(in.toFile(), input);
        Result r = run(
                List.of(
                        VENV.resolve("python").toString(),
                        SCRIPTS.resolve(script).toString(),
                        in.toString()),
                Duration.ofMinutes(3));
        String line = r.output()
                .lines()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(script + " printed no result:\n" + r.output()));
        return JSON.readTree(line.substring("RESULT ".length()));
    }

    private static Map<String, String> results(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    record Result(int exit, String output) {}

    /** Runs with a HOME of its own (SkyPilot's state and local API server live there) and no remote endpoint. */
    static Result run(List<String> argv, Duration limit) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("SKYPILOT_DISABLE_USAGE_COLLECTION", "1");
        env.put("HF_TOKEN", "contract-test-placeholder");
        env.put("WANDB_API_KEY", "contract-test-placeholder");
        env.remove("SKYPILOT_API_SERVER_ENDPOINT");
        env.remove("SKYPILOT_SERVICE_ACCOUNT_TOKEN");
        Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
