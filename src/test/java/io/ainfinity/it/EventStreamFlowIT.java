package io.ainfinity.it;

import java.util.Map;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.ainfinity.it.ItJobs.awaitStatus;
import static io.ainfinity.it.ItJobs.launchSmoke;
import static org.hamcrest.Matchers.startsWith;

/**
 * Event streams of the packaged app. The SSE endpoints (a job's events and log lines, resumable with Last-Event-ID)
 * are merged separately, on top of {@code io.ainfinity.job.events}; their flows belong here: open the stream, see
 * {@code pending} → … → {@code completed} with increasing ids, reconnect after an id and miss nothing. Until then this
 * holds the job resource to answering a client that asks it for a stream with a problem at once, not with a
 * connection that hangs.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedApp.class)
class EventStreamFlowIT {

    private final String user = ItTokens.token("it-stream-user", "user");

    @Test
    void jobResourceAnswersAStreamRequestAtOnce() {
        // Given a job that has ended
        String name = launchSmoke(user, "it-stream", Map.of("SMOKE_STEPS", "1"));
        awaitStatus(user, name, "completed");

        // Then asking the job resource for an event stream is refused with a problem
        ItTokens.as(user)
                .accept("text/event-stream")
                .get("/api/v1/jobs/{name}", name)
                .then()
                .statusCode(406)
                .contentType(startsWith("application/problem+json"));
    }
}
