package io.ainfinity.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The newest metrics of one job, built up from its metric lines in log order: what the job's
 * {@code training_metrics}, {@code evaluation_metrics} and {@code gpu_metrics} show. Not thread-safe.
 *
 * <p>The closing summary ({@code train_runtime}, {@code train_loss}, ...) is shown with the training metrics, less its
 * own {@code step}, {@code total_steps} and {@code epoch} once a train line has been seen: those stay the ones the
 * shown {@code loss} was logged at.
 */
public final class LatestMetrics {

    private static final Set<String> POSITION = Set.of("step", "total_steps", "epoch");

    private Map<String, Object> train;
    private Map<String, Object> summary;
    private Map<String, Object> eval;
    private Map<String, Object> gpu;

    /** Takes one line into account. */
    public void apply(MetricLine line) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("step", line.step());
        values.putAll(line.values());
        switch (line.kind()) {
            case TRAIN -> train = values;
            case EVAL -> eval = values;
            case GPU -> gpu = values;
            case SUMMARY -> summary = values;
        }
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
            summary.forEach((key, value) -> {
                if (train == null || !POSITION.contains(key)) {
                    merged.put(key, value);
                }
            });
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
}
