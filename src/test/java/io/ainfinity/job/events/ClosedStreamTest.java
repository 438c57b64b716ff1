package io.ainfinity.job.events;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ainfinity.support.Api;
import io.ainfinity.support.Jobs;
import io.ainfinity.support.LogCapture;
import io.ainfinity.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** A viewer that goes away mid-stream is no error of the service's: its stream ends without noise in the log. */
@QuarkusTest
class ClosedStreamTest {

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void forget() {
        RestAssured.requestSpecification = null;
    }

    @Test
    void streamsWhoseClientsLeftEndWithoutAnErrorInTheLog() throws Exception {
        String token = Tokens.token(Jobs.uniqueName("leaver"), "user");
        RestAssured.requestSpecification = Tokens.bearer(token);
        String name = Api.launchSmoke("left", Map.of("SMOKE_STEPS", "40", "SMOKE_SLEEP_SECONDS", "0.05"));

        try (LogCapture log = LogCapture.start()) {
            for (String stream : new String[] {"/logs/stream?tail=1", "/events/stream"}) {
                for (int i = 0; i < 5; i++) {
                    openAndLeave("/api/v1/jobs/" + name + stream, token);
                }
            }
            Api.awaitStatus(name, "completed");
            // The log feed outlives the job by its drain; give writes to the gone clients time to fail.
            Thread.sleep(1500);

            assertThat(log.text())
                    .doesNotContainIgnoringCase("exception")
                    .doesNotContain("ERROR")
                    .contains("/api/v1/jobs/" + name + "/logs/stream ended by its client");
        }
    }

    private void openAndLeave(String path, String token) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                            + "Authorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[256];
            assertThat(in.read(head)).isPositive();
            assertThat(new String(head, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            socket.setSoLinger(true, 0);
        }
    }
}
