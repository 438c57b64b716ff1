package io.ainfinity.job;

import java.util.function.UnaryOperator;

import io.ainfinity.task.Backends;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.Training;

/**
 * What a launch gets for what it left out, as the earlier service did: the configured infra, template and SkyPilot
 * mode, and the template's own accelerate config. Local jobs have no mode. Pure.
 *
 * @param accelerateConfigs template name → the accelerate config a launch of it gets when it names none
 */
public record LaunchDefaults(String infra, String template, SkyMode mode, UnaryOperator<String> accelerateConfigs) {

    public JobSpec apply(JobSpec requested) {
        var resources = requested.resources().withDefaults(infra);
        String chosen =
                requested.template() == null || requested.template().isBlank() ? template : requested.template();
        Training training = requested.training().withDefaults(accelerateConfigs.apply(chosen));
        boolean local = Backends.LOCAL_INFRA.equals(resources.infra());
        SkyMode skyMode = local ? null : requested.mode() == null ? mode : requested.mode();
        return new JobSpec(
                chosen,
                resources,
                training,
                requested.labels(),
                requested.envs(),
                requested.detach(),
                requested.down(),
                skyMode);
    }
}
