package io.ainfinity.task;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where and on what a job runs, in the earlier service's shape. Strings are handed to SkyPilot only inside the
 * serialized task YAML, so their patterns exist to give early, readable errors rather than to keep anything safe.
 */
@RegisterForReflection
@Schema(additionalProperties = Schema.False.class)
public record Resources(
        @Size(max = 253)
        @Pattern(regexp = "[A-Za-z0-9*][A-Za-z0-9_.:/*@-]*", message = "must be a SkyPilot infra string")
        String infra,

        @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9_.:,{}\\- ]+", message = "must look like NAME:COUNT")
        String accelerators,

        @Min(value = 10, message = "must be at least 10 (GB)")
        @Max(value = 65536, message = "must be at most 65536 (GB)")
        Integer diskSize,

        @Size(max = 512) @Pattern(regexp = "[^\\x00-\\x1F\\x7F]*", message = "must not contain control characters")
        String imageId,

        @Size(max = 32)
        @Pattern(regexp = "[0-9]+(\\.[0-9]+)?\\+?", message = "must be a number of GB, optionally with +")
        String memory,

        @Size(max = 32)
        @Pattern(regexp = "[0-9]+(\\.[0-9]+)?\\+?", message = "must be a number of CPUs, optionally with +")
        String cpus,

        Boolean useSpot) {

    public static final int DEFAULT_DISK_SIZE = 100;
    public static final String DEFAULT_ACCELERATORS = "RTX3090:1";
    public static final String DEFAULT_IMAGE_ID = "docker:nvidia/cuda:12.1.1-devel-ubuntu20.04";

    /** Fills what the request left out with the earlier service's defaults and the configured infra. */
    public Resources withDefaults(String defaultInfra) {
        return new Resources(
                blankToNull(infra) == null ? defaultInfra : infra.trim(),
                accelerators == null ? DEFAULT_ACCELERATORS : accelerators,
                diskSize == null ? DEFAULT_DISK_SIZE : diskSize,
                imageId == null ? DEFAULT_IMAGE_ID : imageId,
                memory,
                cpus,
                useSpot == null ? Boolean.FALSE : useSpot);
    }

    public static Resources empty() {
        return new Resources(null, null, null, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
