package io.ainfinity.skypilot;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.SseClient;
import io.ainfinity.support.Tokens;
import io.ainfinity.support.TrainingLog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log streams of SkyPilot jobs: however many watch, and while its metrics are read too, one {@code sky logs --follow}
 * process follows the job.
 */
@QuarkusTest
class SkyLogStreamTest {

    private final SkyDouble sky = SkyDouble.shared();

    @TestHTTPResource("/")
    URI base;

    private String owner;
    private String token;

    @BeforeEach
    void authenticate() {
        owner = Jobs.uniqueName("sky-logs");
        token = Tokens.token(owner, "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void tenSubscribersShareOneFollowerProcess() throws Exception {
        String name = Jobs.uniqueName("follow");
        // Slow enough that all ten subscribe while the job runs (about 4 s from launch to its end).
        sky.knobs(JobKeys.of(owner, name), Map.of("time_scale", 0.75));
        RestAssured.given()
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "k8s")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);

        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                clients.add(
                        SseClient.open(base.resolve("api/v1/jobs/" + name + "/logs/stream?tail=100"), token, Map.of()));
            }
            for (SseClient client : clients) {
                assertThat(client.status()).isEqualTo(200);
            }
            List<List<String>> received = new ArrayList<>();
            for (SseClient client : clients) {
                received.add(client.drain(Duration.ofSeconds(90)).stream()
                        .filter(e -> !e.isComment() && e != SseClient.END)
                        .map(SseClient.Event::data)
                        .toList());
            }

            assertThat(received.get(0)).anySatisfy(line -> assertThat(line).contains("smoke finished"));
            assertThat(received).allSatisfy(lines -> assertThat(lines).isEqualTo(received.get(0)));
            long followers = sky.calls("logs", JobKeys.of(owner, name)).stream()
                    .filter(call -> call.argv().contains("--follow"))
                    .count();
            assertThat(followers).isEqualTo(1);
        } finally {
            for (SseClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aStreamOpenedWhileMetricsAreReadSharesTheirFollower() throws Exception {
        String name = Jobs.uniqueName("shared");
        sky.knobs(JobKeys.of(owner, name), TrainingLog.knobs(30));
        RestAssured.given()
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "k8s")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        TrainingLog.awaitWhileRunning(name);

        List<String> received;
        try (SseClient client =
                SseClient.open(base.resolve("api/v1/jobs/" + name + "/logs/stream?tail=100"), token, Map.of())) {
            assertThat(client.status()).isEqualTo(200);
            received = client.drain(Duration.ofSeconds(90)).stream()
                    .filter(e -> !e.isComment() && e != SseClient.END)
                    .map(SseClient.Event::data)
                    .toList();
        }

        assertThat(received)
                .anySatisfy(line -> assertThat(line).contains("AINFINITY_METRICS"))
                .anySatisfy(line -> assertThat(line).contains("smoke finished"));
        TrainingLog.awaitFinal(name);
        long followers = sky.calls("logs", JobKeys.of(owner, name)).stream()
                .filter(call -> call.argv().contains("--follow"))
                .count();
        assertThat(followers).isEqualTo(1);
    }
}
