package io.ainfinity.job.api;

import io.ainfinity.job.JobSpec;
import io.ainfinity.job.LaunchCommand;
import io.ainfinity.job.Resources;
import io.ainfinity.job.Training;

/** Turns a launch request into a command, applying the earlier service's defaults. */
public final class JobMapper {

    private JobMapper() {}

    public static LaunchCommand toCommand(
            LaunchRequest request, String owner, String defaultInfra, String defaultTemplate) {
        Resources resources =
                (request.resources() == null ? Resources.empty() : request.resources()).withDefaults(defaultInfra);
        Training training = (request.training() == null ? Training.empty() : request.training()).withDefaults();
        JobSpec spec = new JobSpec(
                request.template() == null || request.template().isBlank() ? defaultTemplate : request.template(),
                resources,
                training,
                request.labels(),
                request.envs(),
                request.detach() == null || request.detach(),
                request.down() == null || request.down());
        return new LaunchCommand(request.jobName(), owner, spec);
    }
}
