package io.ainfinity.security;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import io.ainfinity.job.logs.LogReplays;
import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.ProductionLike;
import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** The production defaults the test profile relaxes: who may run tasks on this host, and idle connections. */
@QuarkusTest
@TestProfile(ProductionLike.class)
class ProductionDefaultsTest {

    @Test
    void onlyAdminsRunTasksOnTheServicesOwnHost() {
        String name = Jobs.uniqueName("host");
        given().spec(Tokens.bearer(Tokens.token(Jobs.uniqueName("user"), "user")))
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "local")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("errors[0].field", is("resources.infra"))
                .body("detail", containsString("ainfinity.local.launch-roles"));
        given().spec(Tokens.bearer(Tokens.admin()))
                .get("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(404);

        given().spec(Tokens.bearer(Tokens.admin()))
                .contentType("application/json")
                .body(Map.of("job_name", name, "template", "local-smoke", "resources", Map.of("infra", "local")))
                .post("/api/v1/jobs")
                .then()
                .statusCode(201);
    }

    @Inject
    LogReplays replays;

    @Test
    void aLogStreamThatCannotBeServedSaysSoBeforeItOpens() throws Exception {
        RestAssured.requestSpecification = Tokens.bearer(Tokens.admin());
        CountDownLatch release = new CountDownLatch(1);
        try {
            String name = Api.launchSmoke("full", Map.of("SMOKE_STEPS", "1", "SMOKE_SLEEP_SECONDS", "0"));
            Api.awaitStatus(name, "completed");
            while (!replays.saturated()) {
                replays.submit(() -> release.await(1, TimeUnit.MINUTES))
                        .subscribe()
                        .with(ok -> {}, failed -> {});
            }

            given().get("/api/v1/jobs/{name}/logs/stream", name)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        } finally {
            release.countDown();
            RestAssured.requestSpecification = null;
        }
    }

    @Test
    void aConnectionStuckInItsRequestHeadersIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();

            InputStream in = socket.getInputStream();
            int read = in.read();

            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(read).as("the server closes the connection").isEqualTo(-1);
            assertThat(waited).isLessThan(Duration.ofSeconds(10));
        }
    }
}
