package io.ainfinity.task;

import java.util.Map;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Training options in the earlier service's shape. They reach the task only as one JSON value in the environment
 * ({@code AINFINITY_TRAINING}), which the training payload validates again; they are never spliced into shell text.
 */
@RegisterForReflection
@Schema(additionalProperties = Schema.False.class)
public record Training(
        @Size(max = 128) String configFile,

        @Size(max = 512) @Pattern(regexp = HostPaths.DATASET_REGEX, message = HostPaths.DATASET_RULE)
        String dataset,

        @Size(max = 512) String model,

        @Min(value = 1, message = "must be at least 1") @Max(10000)
        Integer numTrainEpochs,

        @Min(value = 1, message = "must be at least 1") @Max(65536)
        Integer perDeviceTrainBatchSize,

        @Positive(message = "must be greater than 0") @DecimalMax("10")
        Double learningRate,

        @Size(max = 512)
        @Pattern(regexp = HostPaths.REQUESTED_OUTPUT_DIR_REGEX, message = HostPaths.REQUESTED_OUTPUT_DIR_RULE)
        String outputDir,

        @Size(max = 128) String accelerateConfig,

        @Schema(propertyNames = ExtraArgKey.class, maxProperties = 64) @Size(max = 64)
        Map<@Size(max = 128) String, @Size(max = 4096) String> extraArgs) {

    /** Keys of {@code extra_args}: config paths such as {@code trainer.warmup_ratio}. */
    @Schema(type = SchemaType.STRING, maxLength = 128, pattern = SpecRules.EXTRA_ARG_KEY_REGEX)
    static final class ExtraArgKey {}

    public static final String DEFAULT_CONFIG_FILE = "finetuning";
    public static final String DEFAULT_ACCELERATE_CONFIG = "ds2_config.yaml";

    public Training withDefaults() {
        return withDefaults(DEFAULT_ACCELERATE_CONFIG);
    }

    /** Fills what the request left out; {@code defaultAccelerateConfig} is the template's own default. */
    public Training withDefaults(String defaultAccelerateConfig) {
        return new Training(
                configFile == null ? DEFAULT_CONFIG_FILE : configFile,
                dataset,
                model,
                numTrainEpochs,
                perDeviceTrainBatchSize,
                learningRate,
                outputDir,
                accelerateConfig == null ? defaultAccelerateConfig : accelerateConfig,
                extraArgs == null ? Map.of() : Map.copyOf(extraArgs));
    }

    public Training withExtraArgs(Map<String, String> args) {
        return new Training(
                configFile,
                dataset,
                model,
                numTrainEpochs,
                perDeviceTrainBatchSize,
                learningRate,
                outputDir,
                accelerateConfig,
                args);
    }

    public Training withOutputDir(String dir) {
        return new Training(
                configFile,
                dataset,
                model,
                numTrainEpochs,
                perDeviceTrainBatchSize,
                learningRate,
                dir,
                accelerateConfig,
                extraArgs);
    }

    public static Training empty() {
        return new Training(null, null, null, null, null, null, null, null, null);
    }
}
