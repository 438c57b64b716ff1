package io.ainfinity.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * What a caller with the {@code user} role can put in a launch, end to end: nothing it sends may point the task's
 * package managers or loaders elsewhere, turn on remote code, or forge a log line; refused launches record nothing.
 */
@QuarkusTest
class LaunchSurfaceTest {

    private String caller;
    private HttpServer canary;
    private final AtomicInteger canaryHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        caller = Jobs.uniqueName("mallory");
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token(caller, "user"));
        // A package index the attacker controls: any request reaching it means the launch fetched from it.
        canary = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        canary.createContext("/", exchange -> {
            canaryHits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        canary.start();
    }

    @AfterEach
    void stop() {
        canary.stop(0);
        RestAssured.requestSpecification = null;
    }

    private String canaryUrl() {
        return "http://127.0.0.1:" + canary.getAddress().getPort() + "/simple/";
    }

    @Test
    void envsThatRedirectPackageManagersOrLoadersAreRefusedAndNothingIsFetched() {
        String name = Jobs.uniqueName("pip");
        Map<String, String> envs = Map.of(
                "PIP_INDEX_URL", canaryUrl(),
                "PIP_EXTRA_INDEX_URL", canaryUrl(),
                "UV_INDEX_URL", canaryUrl(),
                "HF_ENDPOINT", canaryUrl(),
                "HTTPS_PROXY", canaryUrl(),
                "SSL_CERT_FILE", "/tmp/evil.pem",
                "OPENSSL_CONF", "/tmp/evil.cnf",
                "XDG_CONFIG_HOME", "/tmp/evil");

        Api.launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "deepspeed",
                        "resources",
                        Map.of("infra", "local"),
                        "training",
                        Map.of("config_file", "cpu_tiny"),
                        "envs",
                        envs))
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        hasItems(
                                envs.keySet().stream().map(key -> "envs." + key).toArray(String[]::new)));

        given().get("/api/v1/jobs/{name}", name).then().statusCode(404);
        assertThat(canaryHits).hasValue(0);
    }

    @Test
    void remoteCodeIsRefusedAndRecordsNothing() {
        String name = Jobs.uniqueName("remote");

        Api.launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "deepspeed",
                        "resources",
                        Map.of("infra", "local"),
                        "training",
                        Map.of(
                                "extra_args",
                                Map.of(
                                        "model.trust_remote_code",
                                        "true",
                                        "model.name_or_path",
                                        "some-org/some-model"))))
                .statusCode(422)
                .body("errors[0].field", is("training.extra_args.model.trust_remote_code"))
                .body("errors[0].message", containsString("ainfinity.jobs.remote-code-models"));

        given().get("/api/v1/jobs/{name}", name).then().statusCode(404);
    }

    @Test
    void controlCharactersInAValueAreRefusedBeforeTheyReachATaskOrTheLog() throws IOException {
        String name = Jobs.uniqueName("nul");
        String forged = "5\n127.0.0.1 GET /api/v1/tokens 200 forged\u0000";

        Api.launch(Map.of("job_name", name, "template", "local-smoke", "envs", Map.of("SMOKE_STEPS", forged)))
                .statusCode(422)
                .body("errors[0].field", is("envs.SMOKE_STEPS"))
                .body("errors[0].message", containsString("control characters"));

        given().get("/api/v1/jobs/{name}", name).then().statusCode(404);
        assertThat(Files.readString(Path.of("target/test-service.log"))).doesNotContain("forged");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingIt() {
        String name = Jobs.uniqueName("dup");

        given().contentType("application/json")
                .body("{\"job_name\": \"%s\", \"template\": \"local-smoke\", \"job_name\": \"other-%s\"}"
                        .formatted(name, name))
                .post("/api/v1/jobs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("job_name"))
                .body("detail", containsString("more than once"));

        given().get("/api/v1/jobs/{name}", name).then().statusCode(404);
        given().get("/api/v1/jobs/other-{name}", name).then().statusCode(404);
    }

    @Test
    void aLocalRunKeepsItsFilesFromOtherUsersOfTheHost() throws IOException {
        String name = Api.launchSmoke("perm", Map.of("SMOKE_STEPS", "1"));
        Api.awaitStatus(name, "completed");

        Path runs = Path.of("target/test-data/runs");
        Path run = runs.resolve(JobKeys.of(caller, name));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runs)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                .isEqualTo("rwx------");
        for (String file : new String[] {"task.yaml", "job.log", "setup.sh", "run.sh"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
    }
}
