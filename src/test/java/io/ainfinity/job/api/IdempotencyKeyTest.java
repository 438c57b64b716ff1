package io.ainfinity.job.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** {@code Idempotency-Key} on launches, through HTTP, with SkyPilot's launches counted by the test double. */
@QuarkusTest
class IdempotencyKeyTest {

    private final SkyDouble sky = SkyDouble.shared();

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private static RequestSpecification as(String subject) {
        return given().spec(Tokens.bearer(Tokens.token(subject, "user"))).contentType(ContentType.JSON);
    }

    private static Map<String, Object> body(String name, String team) {
        return Map.of(
                "job_name",
                name,
                "template",
                "local-smoke",
                "mode",
                "cluster",
                "labels",
                Map.of("team", team, "run", "1"),
                "resources",
                Map.of("infra", "k8s/test-context"));
    }

    private static Response launch(String subject, String key, Object body) {
        return as(subject).header("Idempotency-Key", key).body(body).post("/api/v1/jobs");
    }

    private void awaitOneSkyLaunch(String owner, String name) {
        String cluster = JobKeys.of(owner, name);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !sky.calls("launch", cluster).isEmpty());
        // A second launch would follow at once: the count must stay at one for a while, not just be one now.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sky.calls("launch", cluster)).hasSize(1));
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndLaunchesNothing() {
        String name = Jobs.uniqueName("idem");
        String key = Jobs.uniqueName("key");

        Response first = launch("idem-alice", key, body(name, "nlp"));
        // The same body with its map entries in another order is the same request.
        Map<String, Object> reordered = new java.util.LinkedHashMap<>(body(name, "nlp"));
        reordered.put("labels", new java.util.TreeMap<>(Map.of("run", "1", "team", "nlp")).descendingMap());
        Response retry = launch("idem-alice", key, reordered);

        first.then().statusCode(201).header("Idempotent-Replayed", (String) null);
        retry.then().statusCode(201).header("Idempotent-Replayed", "true").header("Location", first.header("Location"));
        assertThat(retry.jsonPath().getMap("$")).isEqualTo(first.jsonPath().getMap("$"));
        assertThat(retry.jsonPath().getString("job_info.status")).isEqualTo("pending");
        awaitOneSkyLaunch("idem-alice", name);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedNamingTheHeader() {
        String name = Jobs.uniqueName("idem");
        String key = Jobs.uniqueName("key");
        launch("idem-bob", key, body(name, "nlp")).then().statusCode(201);

        launch("idem-bob", key, body(name, "vision"))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        String other = Jobs.uniqueName("idem-other");
        launch("idem-bob", key, body(other, "nlp")).then().statusCode(422);

        as("idem-bob").get("/api/v1/jobs/{name}", other).then().statusCode(404);
    }

    @Test
    void keysBelongToTheirOwner() {
        String key = Jobs.uniqueName("key");
        String alices = Jobs.uniqueName("idem-a");
        String carols = Jobs.uniqueName("idem-c");

        launch("idem-alice", key, body(alices, "nlp")).then().statusCode(201);
        launch("idem-carol", key, body(carols, "nlp"))
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", (String) null)
                .body("job_info.job_name", is(carols));
    }

    @Test
    void concurrentDuplicatesLaunchOnce() throws Exception {
        String name = Jobs.uniqueName("idem-race");
        String key = Jobs.uniqueName("key");
        Map<String, Object> body = body(name, "nlp");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Response> answers = new ArrayList<>();
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> launch("idem-dave", key, body));
            }
            for (Future<Response> f : threads.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                answers.add(f.get());
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(answers.stream().filter(r -> r.header("Idempotent-Replayed") == null))
                .hasSize(1);
        assertThat(answers.stream().map(r -> r.jsonPath().getString("job_info.created_at")))
                .containsOnly(answers.get(0).jsonPath().getString("job_info.created_at"));
        awaitOneSkyLaunch("idem-dave", name);
    }

    @Test
    void aMalformedKeyIsNamedWithTheOtherBadFields() {
        Map<String, Object> bad = Map.of("job_name", "Not A Name", "template", "local-smoke");

        launch("idem-erin", "has spaces in it", bad)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("Idempotency-Key"))
                .body("errors.field", hasItem("job_name"));
        launch("idem-erin", "k".repeat(256), body(Jobs.uniqueName("idem"), "nlp"))
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("Idempotency-Key"));
    }
}
