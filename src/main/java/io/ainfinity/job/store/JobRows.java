package io.ainfinity.job.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.github.benmanes.caffeine.cache.Cache;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobStatus;
import io.ainfinity.metrics.MeteredCaches;
import io.ainfinity.metrics.Meters;
import io.ainfinity.task.JobSpec;

/** Mapping between rows and domain values. JSON columns use a private mapper so the API's settings cannot leak in. */
final class JobRows {

    static final String JOB_COLUMNS = "id, job_name, owner, backend, status, cluster_name, sky_status, spec_json,"
            + " task_yaml, created_at, updated_at, started_at, ended_at, error_message, training_metrics,"
            + " evaluation_metrics, gpu_metrics, last_seq, run_ref, display_name, replica";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /*
     * Parsing the stored JSON was the largest cost of reading a page of jobs, and the same rows are read again and
     * again (every poll of a job list). Parsed values are kept by their exact text, so an unchanged row is parsed once
     * and a changed one is parsed anew: a cached value can never be out of date. The values are immutable.
     */
    private static final Cache<String, JobSpec> SPECS = MeteredCaches.bounded(Meters.CACHE_JOB_SPEC, 10_000);
    private static final Cache<String, Map<String, Object>> METRICS =
            MeteredCaches.bounded(Meters.CACHE_JOB_METRICS, 10_000);

    private JobRows() {}

    private static Map<String, Object> metrics(String json) {
        return json == null ? null : METRICS.get(json, text -> Collections.unmodifiableMap(map(text)));
    }

    static Job job(ResultSet rs) throws SQLException {
        return Job.builder()
                .name(rs.getString("job_name"))
                .owner(rs.getString("owner"))
                .backend(rs.getString("backend"))
                .status(status(rs.getString("status")))
                .clusterName(rs.getString("cluster_name"))
                .skyStatus(rs.getString("sky_status"))
                .spec(SPECS.get(rs.getString("spec_json"), json -> read(json, JobSpec.class)))
                .taskYaml(rs.getString("task_yaml"))
                .createdAt(instant(rs, "created_at"))
                .updatedAt(instant(rs, "updated_at"))
                .startedAt(instant(rs, "started_at"))
                .endedAt(instant(rs, "ended_at"))
                .errorMessage(rs.getString("error_message"))
                .trainingMetrics(metrics(rs.getString("training_metrics")))
                .evaluationMetrics(metrics(rs.getString("evaluation_metrics")))
                .gpuMetrics(metrics(rs.getString("gpu_metrics")))
                .lastSeq(rs.getLong("last_seq"))
                .runRef(rs.getString("run_ref"))
                .displayName(rs.getString("display_name"))
                .replica(rs.getString("replica"))
                .build();
    }

    static final String EVENT_COLUMNS =
            "e.id, j.job_name, j.owner, e.seq, e.from_status, e.to_status, e.at, e.message, e.event_type, e.data,"
                    + " j.display_name";

    static JobEvent event(ResultSet rs) throws SQLException {
        String from = rs.getString("from_status");
        return new JobEvent(
                rs.getLong("id"),
                rs.getString("job_name"),
                rs.getLong("seq"),
                from == null ? null : status(from),
                status(rs.getString("to_status")),
                instant(rs, "at"),
                rs.getString("message"),
                rs.getString("event_type"),
                map(rs.getString("data")),
                rs.getString("owner"),
                rs.getString("display_name"));
    }

    static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static void setMillis(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not valid JSON", e);
        }
    }

    private static Map<String, Object> map(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics are not valid JSON", e);
        }
    }

    private static JobStatus status(String value) {
        return JobStatus.fromWire(value).orElse(JobStatus.UNKNOWN);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
