package io.ainfinity.job.api;

import java.util.function.UnaryOperator;

import io.ainfinity.job.Backends;
import io.ainfinity.job.JobSpec;
import io.ainfinity.job.LaunchCommand;
import io.ainfinity.job.Resources;
import io.ainfinity.job.SkyMode;
import io.ainfinity.job.Training;
import io.ainfinity.security.Caller;

/** Turns a launch request into a command, applying the earlier service's defaults. */
public final class JobMapper {

    private JobMapper() {}

    /**
     * The defaults a launch request is completed with, from configuration.
     *
     * @param accelerateConfigs template name → the accelerate config a launch of it gets when it names none
     */
    public record Defaults(String infra, String template, SkyMode mode, UnaryOperator<String> accelerateConfigs) {}

    public static LaunchCommand toCommand(LaunchRequest request, Caller caller, Defaults defaults) {
        Resources resources =
                (request.resources() == null ? Resources.empty() : request.resources()).withDefaults(defaults.infra());
        String template =
                request.template() == null || request.template().isBlank() ? defaults.template() : request.template();
        Training requested = request.training() == null ? Training.empty() : request.training();
        // Null entries were reported as violations; the job is built without them.
        Training training = requested
                .withExtraArgs(NullEntries.without(requested.extraArgs()))
                .withDefaults(defaults.accelerateConfigs().apply(template));
        JobSpec spec = new JobSpec(
                template,
                resources,
                training,
                NullEntries.without(request.labels()),
                NullEntries.without(request.envs()),
                request.detach() == null || request.detach(),
                request.down() == null || request.down(),
                mode(request.mode(), resources, defaults.mode()));
        return new LaunchCommand(request.jobName(), caller, spec);
    }

    /** Local jobs have no mode; a value the request got wrong is left to validation, which reports it. */
    private static SkyMode mode(String requested, Resources resources, SkyMode dflt) {
        if (Backends.LOCAL_INFRA.equals(resources.infra())) {
            return null;
        }
        return requested == null || requested.isBlank()
                ? dflt
                : SkyMode.fromWire(requested).orElse(dflt);
    }
}
