package io.ainfinity.job.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smallrye.mutiny.Uni;

import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobService;
import io.ainfinity.job.LaunchCommand;
import io.ainfinity.job.api.Responses.JobResponse;
import io.ainfinity.job.idempotency.IdempotencyKeyTakenException;
import io.ainfinity.job.idempotency.LaunchReceipt;
import io.ainfinity.job.idempotency.ReceiptStore;

/**
 * Launches, and launches under an {@code Idempotency-Key}: a retry with the same key and body gets the first answer
 * again and starts nothing; the same key with another body is refused. Keys belong to their owner and live 24 h.
 */
@ApplicationScoped
public class IdempotentLaunches {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;
    /** What {@link #check} accepts; an empty header reaches the resource as no header at all. */
    static final String KEY_REGEX = "^(?:[\\x21-\\x7E]{1," + MAX_KEY_LENGTH + "})?$";

    /** The answer to a launch, and whether it repeats an earlier one. */
    record Answer(JobResponse body, boolean replayed) {}

    private final JobService jobs;
    private final ReceiptStore receipts;
    private final ObjectMapper mapper;
    private final ObjectMapper canonical;
    private final Clock clock;

    public IdempotentLaunches(JobService jobs, ReceiptStore receipts, ObjectMapper mapper, Clock clock) {
        this.jobs = jobs;
        this.receipts = receipts;
        this.mapper = mapper;
        // Map entries sorted, so that labels or envs sent in another order are still the same request.
        this.canonical = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.clock = clock;
    }

    /** What is wrong with a key, if anything: 1 to 255 visible ASCII characters. */
    static Optional<Violation> check(String key) {
        if (key == null) {
            return Optional.empty();
        }
        boolean visibleAscii = key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !visibleAscii) {
            return Optional.of(
                    new Violation(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters (no spaces)"));
        }
        return Optional.empty();
    }

    Uni<Answer> launch(LaunchCommand command, LaunchRequest request, String key) {
        if (key == null) {
            return jobs.launch(command).map(job -> new Answer(submitted(job), false));
        }
        return Uni.createFrom().item(() -> jobs.prepare(command)).flatMap(job -> {
            String hash = hash(request);
            Instant notBefore = LaunchReceipt.expiredBefore(clock.instant());
            JobResponse answer = submitted(job);
            LaunchReceipt receipt =
                    new LaunchReceipt(command.owner(), key, hash, job.name(), json(answer), job.createdAt());
            return receipts.find(command.owner(), key, notBefore)
                    .flatMap(earlier -> earlier.isPresent()
                            ? Uni.createFrom().item(replay(earlier.get(), hash))
                            : jobs.record(job, Optional.of(receipt))
                                    .map(stored -> new Answer(answer, false))
                                    // A concurrent duplicate committed first: answer as it was answered.
                                    .onFailure(IdempotencyKeyTakenException.class)
                                    .recoverWithUni(() -> receipts.find(command.owner(), key, notBefore)
                                            .map(found -> replay(found.orElseThrow(), hash))));
        });
    }

    private Answer replay(LaunchReceipt receipt, String hash) {
        if (!receipt.requestHash().equals(hash)) {
            throw InvalidRequestException.of(
                    HEADER, "was already used for another request body; use a new key for a new launch");
        }
        try {
            return new Answer(mapper.readValue(receipt.responseJson(), JobResponse.class), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable launch receipt for job " + receipt.jobName(), e);
        }
    }

    private static JobResponse submitted(Job job) {
        return new JobResponse(true, "job '%s' submitted".formatted(job.displayName()), JobInfo.of(job));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a launch receipt", e);
        }
    }

    private String hash(LaunchRequest request) {
        try {
            byte[] body = canonical.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a launch request", e);
        }
    }
}
