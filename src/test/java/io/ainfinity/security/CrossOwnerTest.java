package io.ainfinity.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;
import io.ainfinity.task.SpecRules;

import static io.ainfinity.support.Api.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Another owner's job does not exist for a non-admin caller, whatever the verb; an admin sees and acts on it. */
@QuarkusTest
class CrossOwnerTest {

    private RequestSpecification bob;
    private RequestSpecification alice;
    private RequestSpecification aliceViewer;

    @BeforeEach
    void callers() {
        // Built per test: a spec captures RestAssured's port when it is built, which Quarkus sets at start.
        bob = Tokens.bearer(Tokens.token(Jobs.uniqueName("bob"), "user"));
        alice = Tokens.bearer(Tokens.token(Jobs.uniqueName("alice"), "user"));
        aliceViewer = Tokens.bearer(Tokens.token(Jobs.uniqueName("alice-viewer"), "viewer"));
    }

    private String bobsJob(Map<String, String> envs) {
        String name = Jobs.uniqueName("bobs");
        given().spec(bob)
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "envs", envs))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
        return name;
    }

    @Test
    void anotherOwnersJobIs404OnEveryVerb() {
        String name = bobsJob(Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));

        for (RequestSpecification other : new RequestSpecification[] {alice, aliceViewer}) {
            for (String path : new String[] {"", "/logs", "/metrics", "/task"}) {
                given().spec(other)
                        .get("/api/v1/jobs/" + name + path)
                        .then()
                        .statusCode(404)
                        .body("detail", is("job '%s' not found".formatted(name)));
            }
        }
        given().spec(alice).delete("/api/v1/jobs/" + name).then().statusCode(404);
        given().spec(alice).delete("/api/v1/jobs/" + name + "/delete").then().statusCode(404);
        given().spec(alice)
                .get("/api/v1/jobs?limit=500")
                .then()
                .statusCode(200)
                .body("jobs.job_name", not(hasItem(name)));
        // The job is untouched by all of that.
        given().spec(bob)
                .get("/api/v1/jobs/" + name)
                .then()
                .statusCode(200)
                .body("job_info.status", not(is("stopping")));

        given().spec(Tokens.bearer(Tokens.admin()))
                .delete("/api/v1/jobs/" + name)
                .then()
                .statusCode(200);
    }

    @Test
    void namesAreEachOwnersOwnAndNeverTellOfAnotherOwnersJobs() {
        String name = bobsJob(Map.of("SMOKE_STEPS", "600", "SMOKE_SLEEP_SECONDS", "1"));

        // Alice may use the name Bob uses: nothing tells her that Bob's job exists.
        given().spec(alice)
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "k8s")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201)
                .body("job_info.job_name", is(name));
        // Her own name stays hers.
        given().spec(alice)
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke"))
                .post("/api/v1/jobs")
                .then()
                .statusCode(409);

        String alicesCluster = given().spec(alice)
                .get("/api/v1/jobs/" + name)
                .then()
                .statusCode(200)
                .body("job_info.owner", startsWith("alice"))
                .extract()
                .path("job_info.cluster_name");
        assertThat(alicesCluster)
                .isNotEqualTo(name)
                .startsWith(name + "-")
                .hasSizeLessThanOrEqualTo(63)
                .matches(SpecRules.JOB_NAME_REGEX);
        given().spec(bob)
                .get("/api/v1/jobs/" + name)
                .then()
                .statusCode(200)
                .body("job_info.owner", startsWith("bob"))
                .body("job_info.status", not(is("stopping")));
        given().spec(alice).delete("/api/v1/jobs/" + name).then().statusCode(200);
        given().spec(bob).get("/api/v1/jobs/" + name).then().body("job_info.status", not(is("stopping")));

        // An admin sees both: the name alone is ambiguous, each job's key addresses it.
        String ambiguous = given().spec(Tokens.bearer(Tokens.admin()))
                .get("/api/v1/jobs/" + name)
                .then()
                .statusCode(409)
                .extract()
                .path("detail");
        assertThat(ambiguous).contains("several owners", alicesCluster);
        given().spec(Tokens.bearer(Tokens.admin()))
                .get("/api/v1/jobs/" + alicesCluster)
                .then()
                .statusCode(200)
                .body("job_info.job_name", is(name))
                .body("job_info.owner", startsWith("alice"));
        given().spec(bob).delete("/api/v1/jobs/" + name).then().statusCode(200);
    }

    @Test
    void aKeyIsLongAndUniqueEvenForTheLongestNames() {
        String longest = "a".repeat(63);

        String forBob = JobKeys.of("bob", longest);
        String forAlice = JobKeys.of("alice", longest);

        assertThat(forBob).hasSize(63).matches(SpecRules.JOB_NAME_REGEX).isNotEqualTo(forAlice);
        assertThat(JobKeys.of("bob", "x")).isEqualTo(JobKeys.of("bob", "x")).isNotEqualTo(JobKeys.of("bob", "y"));
    }

    @Test
    void adminsSeeEveryOwnersJobs() {
        String name = bobsJob(Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
        RestAssured.requestSpecification = bob;
        try {
            awaitStatus(name, "completed");
        } finally {
            RestAssured.requestSpecification = null;
        }

        given().spec(Tokens.bearer(Tokens.admin()))
                .get("/api/v1/jobs/" + name)
                .then()
                .statusCode(200)
                .body("job_info.owner", not(is("root")));
    }
}
