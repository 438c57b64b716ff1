package io.ainfinity.http;

import java.time.Duration;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ainfinity.errors.ConflictException;
import io.ainfinity.errors.ErrorCode;
import io.ainfinity.errors.NotPermittedException;
import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.errors.ServiceUnavailableException;
import io.ainfinity.errors.TooManyStreamsException;
import io.ainfinity.job.IllegalTransitionException;
import io.ainfinity.job.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** The earlier service's codes in {@code error}, mapper by mapper; the reason phrase stays in {@code title}. */
class ProblemCodesTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aJobsNotFoundIsJobNotFoundAnyOtherResourcesIsNotFound() {
        assertThat(body(mappers.notFound(new ResourceNotFoundException("train-1"), null))
                        .error())
                .isEqualTo("JobNotFound");
        Problem token = body(mappers.notFound(new ResourceNotFoundException("token", "abc"), null));
        assertThat(token.error()).isEqualTo("NotFound");
        assertThat(token.title()).isEqualTo("Not Found");
    }

    @Test
    void aTakenNameIsJobAlreadyExistsOtherConflictsAreConflict() {
        assertThat(body(mappers.conflict(new ConflictException(ErrorCode.JOB_ALREADY_EXISTS, "taken"), null))
                        .error())
                .isEqualTo("JobAlreadyExists");
        assertThat(body(mappers.conflict(new ConflictException("has already ended"), null))
                        .error())
                .isEqualTo("Conflict");
        assertThat(body(mappers.conflict(
                                new IllegalTransitionException("j", JobStatus.COMPLETED, JobStatus.RUNNING), null))
                        .error())
                .isEqualTo("Conflict");
    }

    @Test
    void everyOtherMapperHasItsCode() {
        assertThat(body(mappers.notPermitted(new NotPermittedException("resources.infra", "admins only"), null))
                        .error())
                .isEqualTo("Forbidden");
        assertThat(body(mappers.unavailable(new ServiceUnavailableException("full", Duration.ofSeconds(5)), null))
                        .error())
                .isEqualTo("ServiceUnavailable");
        assertThat(body(mappers.tooManyStreams(new TooManyStreamsException(2), null))
                        .error())
                .isEqualTo("RateLimited");
        Problem failure = body(mappers.unexpected(new IllegalStateException("boom"), null));
        assertThat(failure.error()).isEqualTo("InternalError");
        assertThat(failure.title()).isEqualTo("Internal Server Error");
        assertThat(failure.status()).isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource({
        "400, ValidationError",
        "422, ValidationError",
        "401, Unauthorized",
        "403, Forbidden",
        "404, NotFound",
        "405, MethodNotAllowed",
        "406, NotAcceptable",
        "409, Conflict",
        "413, PayloadTooLarge",
        "415, UnsupportedMediaType",
        "429, RateLimited",
        "431, BadRequest",
        "500, InternalError",
        "502, InternalError",
        "503, ServiceUnavailable"
    })
    void aStatusAloneHasTheCodeOfItsKind(int status, String code) {
        assertThat(ErrorCode.forStatus(status).wire()).isEqualTo(code);
        assertThat(Problem.of(status, "t", "d", "/p", null).error()).isEqualTo(code);
    }

    private static Problem body(RestResponse<Problem> response) {
        return response.getEntity();
    }
}
