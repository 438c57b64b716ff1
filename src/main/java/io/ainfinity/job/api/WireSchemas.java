package io.ainfinity.job.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

import io.ainfinity.job.events.EventPayload;
import io.ainfinity.task.SpecRules;

/**
 * Schemas of wire values that no Java type of the API describes: map keys and values that {@link SpecRules} checks,
 * the label filter, and the events of the server-sent event streams. Only the OpenAPI document uses these types.
 */
final class WireSchemas {

    private WireSchemas() {}

    // What the metric maps of a job hold: the payload's metric lines, as LatestMetrics keeps them.
    static final String TRAINING_METRICS = "The latest train values (step, total_steps, epoch, loss, learning_rate,"
            + " grad_norm, samples_per_second, ...) and, once training has finished, the Trainer's closing summary"
            + " (train_runtime, train_samples_per_second, train_steps_per_second, train_loss, total_flos); also under"
            + " the earlier service's names: current_step (= step), current_epoch (= epoch), total_epochs (the"
            + " launch's training.num_train_epochs, when it set one); null until the job has reported any";
    static final String EVALUATION_METRICS = "The latest evaluation (step, total_steps, epoch, eval_loss and every"
            + " other eval_* value); null until the job has reported one";
    static final String GPU_METRICS = "The latest per-GPU readings (step, gpus); null until the job has reported any";

    @Schema(
            type = SchemaType.INTEGER,
            minimum = "1",
            maximum = "" + ListParams.MAX_LIMIT,
            defaultValue = "" + ListParams.DEFAULT_LIMIT)
    static final class Limit {}

    @Schema(
            type = SchemaType.INTEGER,
            minimum = "1",
            maximum = "" + ListParams.MAX_TAIL,
            defaultValue = "" + ListParams.DEFAULT_TAIL)
    static final class Tail {}

    /** An event id or sequence number, or a log line number, to resume after. */
    @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0", maximum = "" + Long.MAX_VALUE)
    static final class EventId {}

    /** As {@link EventId}, in the Last-Event-ID header; empty is the same as no header. */
    @Schema(type = SchemaType.STRING, pattern = "^[0-9]{0,18}$")
    static final class LastEventId {}

    @Schema(type = SchemaType.STRING, pattern = ListParams.CURSOR_REGEX)
    static final class Cursor {}

    @Schema(
            type = SchemaType.STRING,
            pattern = SpecRules.ENV_NAME_REGEX,
            not = ReservedEnvName.class,
            description = "An environment variable name; AINFINITY_* and SKYPILOT_* are reserved")
    static final class EnvName {}

    @Schema(type = SchemaType.STRING, pattern = SpecRules.RESERVED_ENV_REGEX)
    static final class ReservedEnvName {}

    @Schema(type = SchemaType.STRING, maxLength = SpecRules.MAX_ENV_VALUE)
    static final class EnvValue {}

    @Schema(type = SchemaType.STRING, pattern = SpecRules.LABEL_KEY_REGEX)
    static final class LabelKey {}

    @Schema(type = SchemaType.STRING, pattern = SpecRules.LABEL_VALUE_REGEX)
    static final class LabelValue {}

    @Schema(type = SchemaType.STRING, pattern = "[^=]+=[\\s\\S]*", description = "key=value")
    static final class LabelSelector {}

    /** A job's event, in its stream and in the all-jobs stream. */
    @Schema(
            description = "One server-sent event: `event:` status or metrics (then `data:` is the event as JSON, `id:`"
                    + " the job's event sequence number, or the global event id in the all-jobs stream), or"
                    + " reconnect (the consumer fell behind; `data:` names the id to resume from, and the stream"
                    + " ends). A `: heartbeat` comment is sent while the stream is idle.",
            additionalProperties = Schema.False.class,
            requiredProperties = {"event", "id", "data"},
            properties = {
                @SchemaProperty(
                        name = "event",
                        type = SchemaType.STRING,
                        enumeration = {"status", "metrics", "reconnect"}),
                @SchemaProperty(name = "id", type = SchemaType.STRING, pattern = "[0-9]+"),
                @SchemaProperty(
                        name = "data",
                        type = SchemaType.STRING,
                        contentMediaType = "application/json",
                        contentSchema = JobEventData.class)
            })
    static final class JobStreamEvent {}

    @Schema(oneOf = {EventPayload.class, Reconnect.class})
    static final class JobEventData {}

    /** A line of a job's log. */
    @Schema(
            description = "One server-sent event: `event: log` with `id:` the line number and `data:` the line as"
                    + " JSON, or `event: reconnect` (the consumer fell behind; `data:` names the id to resume from,"
                    + " and the stream ends). A `: heartbeat` comment is sent while the stream is idle.",
            additionalProperties = Schema.False.class,
            requiredProperties = {"event", "id", "data"},
            properties = {
                @SchemaProperty(
                        name = "event",
                        type = SchemaType.STRING,
                        enumeration = {"log", "reconnect"}),
                @SchemaProperty(name = "id", type = SchemaType.STRING, pattern = "[0-9]+"),
                @SchemaProperty(
                        name = "data",
                        type = SchemaType.STRING,
                        contentMediaType = "application/json",
                        contentSchema = LogEventData.class)
            })
    static final class LogStreamEvent {}

    @Schema(oneOf = {LogLineData.class, Reconnect.class})
    static final class LogEventData {}

    @Schema(
            additionalProperties = Schema.False.class,
            requiredProperties = {"n", "line"},
            properties = {
                @SchemaProperty(name = "n", type = SchemaType.INTEGER, minimum = "1", description = "The line number"),
                @SchemaProperty(name = "line", type = SchemaType.STRING)
            })
    static final class LogLineData {}

    @Schema(
            additionalProperties = Schema.False.class,
            requiredProperties = {"reason", "last_event_id"},
            properties = {
                @SchemaProperty(name = "reason", type = SchemaType.STRING),
                @SchemaProperty(
                        name = "last_event_id",
                        type = SchemaType.INTEGER,
                        description = "Send it back as Last-Event-ID to resume")
            })
    static final class Reconnect {}
}
