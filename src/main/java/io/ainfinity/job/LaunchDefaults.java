package io.ainfinity.job;

import java.util.Map;

import io.ainfinity.task.Backends;
import io.ainfinity.task.HostPaths;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.Training;

/**
 * What a launch gets for what it left out, as the earlier service did: the configured infra and SkyPilot mode; the
 * template its accelerate config belongs to (that service had one template and picked the config by file name), else
 * the configured template; that template's own accelerate config; and an output directory kept under
 * {@code outputs/}. Local jobs have no mode. Pure.
 *
 * @param accelerateDefaults template → the accelerate config a launch of it gets when it names none
 * @param templateOfAccelerate accelerate config → the one template that accepts it (configs two templates accept are
 *     absent: they name no template)
 */
public record LaunchDefaults(
        String infra,
        String template,
        SkyMode mode,
        Map<String, String> accelerateDefaults,
        Map<String, String> templateOfAccelerate) {

    public LaunchDefaults {
        accelerateDefaults = Map.copyOf(accelerateDefaults);
        templateOfAccelerate = Map.copyOf(templateOfAccelerate);
    }

    public JobSpec apply(JobSpec requested) {
        Resources resources = requested.resources().withDefaults(infra);
        Training asked = requested.training();
        String named = asked.accelerateConfig() == null ? null : templateOfAccelerate.get(asked.accelerateConfig());
        String chosen = !blank(requested.template()) ? requested.template() : named != null ? named : template;
        Training training = asked.withOutputDir(HostPaths.underOutputs(asked.outputDir()))
                .withDefaults(accelerateDefaults.getOrDefault(chosen, Training.DEFAULT_ACCELERATE_CONFIG));
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

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
