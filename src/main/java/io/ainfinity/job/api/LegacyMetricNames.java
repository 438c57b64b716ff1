package io.ainfinity.job.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ainfinity.job.Job;
import io.ainfinity.task.Training;

/**
 * The earlier service's names for a job's progress, added to {@code training_metrics} as a response is built:
 * {@code current_step} (the {@code step}), {@code current_epoch} (the {@code epoch}), {@code total_steps} (as the
 * payload reports it, under the same name) and {@code total_epochs} (the epochs the job was launched with). The store
 * keeps each value once, under its new name. Pure.
 */
final class LegacyMetricNames {

    /** An {@code extra_args} key the payload applies after {@code num_train_epochs}, so it wins. */
    static final String EPOCHS_OVERRIDE = "training.num_train_epochs";

    private LegacyMetricNames() {}

    static Map<String, Object> training(Job job) {
        return withAliases(job.trainingMetrics(), totalEpochs(job.spec().training()));
    }

    /** @param totalEpochs null when the launch left it to the payload's config file, which the service does not read */
    static Map<String, Object> withAliases(Map<String, Object> metrics, Integer totalEpochs) {
        if (metrics == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>(metrics);
        if (metrics.containsKey("step")) {
            shown.put("current_step", metrics.get("step"));
        }
        if (metrics.containsKey("epoch")) {
            shown.put("current_epoch", metrics.get("epoch"));
        }
        if (totalEpochs != null) {
            shown.put("total_epochs", totalEpochs);
        }
        return Collections.unmodifiableMap(shown);
    }

    static Integer totalEpochs(Training training) {
        if (training == null) {
            return null;
        }
        String override =
                training.extraArgs() == null ? null : training.extraArgs().get(EPOCHS_OVERRIDE);
        if (override != null) {
            try {
                return Integer.valueOf(override);
            } catch (NumberFormatException notAnInteger) {
                // The payload refuses such a value and the job fails; the field alone stays the best answer.
            }
        }
        return training.numTrainEpochs();
    }
}
