package io.ainfinity.job.api;

import java.util.List;

import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.job.LaunchCommand;
import io.ainfinity.security.Caller;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.Training;

/** Turns a launch request into a command, as requested: the service applies the defaults. */
public final class JobMapper {

    private JobMapper() {}

    /** @param shapeViolations what is wrong with the request's shape, reported with the service's own findings */
    public static LaunchCommand toCommand(LaunchRequest request, Caller caller, List<Violation> shapeViolations) {
        Training requested = request.training() == null ? Training.empty() : request.training();
        // Null entries were reported as violations; the job is built without them.
        JobSpec spec = new JobSpec(
                request.template(),
                request.resources() == null ? Resources.empty() : request.resources(),
                requested.withExtraArgs(NullEntries.without(requested.extraArgs())),
                NullEntries.without(request.labels()),
                NullEntries.without(request.envs()),
                request.detach() == null || request.detach(),
                request.down() == null || request.down(),
                mode(request.mode()));
        return new LaunchCommand(request.jobName(), caller, spec, shapeViolations);
    }

    /** A value the request got wrong is left to validation, which reports it; the default then stands in. */
    private static SkyMode mode(String requested) {
        return requested == null || requested.isBlank()
                ? null
                : SkyMode.fromWire(requested).orElse(null);
    }
}
