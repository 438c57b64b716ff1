package io.ainfinity.skypilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.JobKeys;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.SkyDouble;
import io.ainfinity.support.SkyDouble.Invocation;
import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Api.awaitStatus;
import static io.ainfinity.support.Api.launch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configured secrets (HF_TOKEN here, its fake value set by the build) reach {@code sky} as {@code --secret HF_TOKEN}
 * with the value in its environment only, and never appear in argv, the stored or written YAML, logs or responses,
 * even when SkyPilot itself prints them.
 */
@QuarkusTest
class SkySecretsTest {

    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.token("sky-secrets", "user"));
    }

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    private static final String SECRET = System.getenv("HF_TOKEN");

    @Test
    void secretsReachSkyPilotByNameAndLeakNowhere() throws Exception {
        assertThat(SECRET).as("the build sets a fake HF_TOKEN").isNotBlank();
        SkyDouble sky = SkyDouble.shared();
        String name = Jobs.uniqueName("secret");
        sky.knobs(JobKeys.of("sky-secrets", name), Map.of("echo_secrets", true));

        String launched = launch(Map.of(
                        "job_name",
                        name,
                        "template",
                        "local-smoke",
                        "envs",
                        Map.of("WANDB_PROJECT", "p"),
                        "resources",
                        Map.of("infra", "aws")))
                .statusCode(201)
                .extract()
                .asString();
        awaitStatus(name, "completed");

        Invocation launch = sky.calls("launch", JobKeys.of("sky-secrets", name)).get(0);
        assertThat(launch.argv()).containsSubsequence("--secret", "HF_TOKEN").doesNotContain("WANDB_API_KEY");
        assertThat(launch.secrets()).containsEntry("HF_TOKEN", true);
        Path task = Path.of(launch.argv().get(launch.argv().size() - 1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(task)))
                .isEqualTo("rw-------");
        List<String> seen = List.of(
                launched,
                Files.readString(task),
                Files.readString(sky.state().resolve("invocations.jsonl")),
                Files.readString(sky.state().resolve("state.json")),
                given().get("/api/v1/jobs/{name}", name).asString(),
                given().get("/api/v1/jobs?limit=500").asString(),
                given().get("/api/v1/jobs/{name}/task", name).asString(),
                given().get("/api/v1/jobs/{name}/logs", name).asString(),
                Files.readString(Path.of("target/test-service.log")));
        assertThat(seen).noneMatch(text -> text.contains(SECRET));
        try (Stream<Path> files = Files.walk(Path.of("target/test-data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(SECRET);
            }
        }
    }
}
