package io.ainfinity.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest metrics of one job, built up from its metric lines in log order: what the job's
 * {@code training_metrics}, {@code evaluation_metrics} and {@code gpu_metrics} show. Not thread-safe.
 *
 * <p>The payload prints each train and eval value twice, as its own line and again in the Trainer's dict (rounded,
 * without the step). Once a log has shown a structured line, the Trainer's train and eval dicts are therefore
 * ignored; they are used only for logs of payloads that print no structured lines. The Trainer's closing summary
 * ({@code train_runtime}, {@code train_loss}, ...) exists only as a dict and is always merged into the training
 * metrics.
 */
public final class LatestMetrics {

    private Map<String, Object> train;
    private Map<String, Object> summary;
    private Map<String, Object> eval;
    private Map<String, Object> gpu;
    private boolean structuredSeen;

    /** Takes one line into account; tells whether anything the job shows changed. */
    public boolean apply(MetricLine line) {
        if (line.structured()) {
            structuredSeen = true;
        } else if (structuredSeen && line.kind() != MetricKind.SUMMARY) {
            return false;
        }
        Map<String, Object> values = withStep(line);
        switch (line.kind()) {
            case TRAIN -> train = values;
            case EVAL -> eval = values;
            case GPU -> gpu = values;
            case SUMMARY -> {
                // Its epoch repeats the last train line's, rounded; the train line's own value is kept.
                values.remove("epoch");
                summary = values;
            }
        }
        return true;
    }

    /** The latest train line (step, total_steps, epoch, loss, ...) and the closing summary; null before any. */
    public Map<String, Object> training() {
        if (train == null && summary == null) {
            return null;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        if (train != null) {
            merged.putAll(train);
        }
        if (summary != null) {
            merged.putAll(summary);
        }
        return Collections.unmodifiableMap(merged);
    }

    /** The latest eval line; null before any. */
    public Map<String, Object> evaluation() {
        return eval == null ? null : Collections.unmodifiableMap(eval);
    }

    /** The latest GPU readings ({@code step} and {@code gpus}); null before any. */
    public Map<String, Object> gpus() {
        return gpu == null ? null : Collections.unmodifiableMap(gpu);
    }

    private static Map<String, Object> withStep(MetricLine line) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (line.step() != null) {
            values.put("step", line.step());
        }
        values.putAll(line.values());
        return values;
    }
}
