package io.ainfinity.job.api;

import java.util.function.UnaryOperator;

import io.ainfinity.job.JobSpec;
import io.ainfinity.job.LaunchCommand;
import io.ainfinity.job.Resources;
import io.ainfinity.job.Training;

/** Turns a launch request into a command, applying the earlier service's defaults. */
public final class JobMapper {

    private JobMapper() {}

    public static LaunchCommand toCommand(
            LaunchRequest request, String owner, String defaultInfra, String defaultTemplate) {
        return toCommand(request, owner, defaultInfra, defaultTemplate, template -> Training.DEFAULT_ACCELERATE_CONFIG);
    }

    /** @param accelerateDefaults template name → the accelerate config a launch of it gets when it names none */
    public static LaunchCommand toCommand(
            LaunchRequest request,
            String owner,
            String defaultInfra,
            String defaultTemplate,
            UnaryOperator<String> accelerateDefaults) {
        Resources resources =
                (request.resources() == null ? Resources.empty() : request.resources()).withDefaults(defaultInfra);
        String template =
                request.template() == null || request.template().isBlank() ? defaultTemplate : request.template();
        Training training = (request.training() == null ? Training.empty() : request.training())
                .withDefaults(accelerateDefaults.apply(template));
        JobSpec spec = new JobSpec(
                template,
                resources,
                training,
                request.labels(),
                request.envs(),
                request.detach() == null || request.detach(),
                request.down() == null || request.down());
        return new LaunchCommand(request.jobName(), owner, spec);
    }
}
