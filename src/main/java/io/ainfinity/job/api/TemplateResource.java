package io.ainfinity.job.api;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.job.JobService;
import io.ainfinity.security.Roles;
import io.ainfinity.task.EnvPolicy;
import io.ainfinity.task.OptionRule;
import io.ainfinity.task.TemplateOptions;
import io.ainfinity.template.TemplateCatalog;
import io.ainfinity.template.TemplateOptionsCatalog;

/** {@code /api/v1/templates}: the task templates a launch may name, and the training options each accepts. */
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "templates")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
public class TemplateResource {

    private final TemplateOptionsCatalog options;
    private final TemplateCatalog templates;
    private final EnvPolicy envs;

    public TemplateResource(TemplateOptionsCatalog options, TemplateCatalog templates, AinfinityConfig config) {
        this.options = options;
        this.templates = templates;
        this.envs = JobService.envPolicy(config);
    }

    @GET
    public Uni<TemplatesResponse> list() {
        return Uni.createFrom()
                .item(new TemplatesResponse(
                        true,
                        options.all().stream()
                                .map(o -> TemplateInfo.of(
                                        o,
                                        List.copyOf(envs.accepted(JobService.declaredEnvs(templates.find(o.name()))))))
                                .toList()));
    }

    @RegisterForReflection
    public record TemplatesResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) List<TemplateInfo> templates) {}

    /**
     * One template. Lists are empty, and training options are ignored, when {@code accepts_training} is false.
     *
     * @param configFiles values of {@code training.config_file}
     * @param datasets dataset config names; {@code training.dataset} may also be a path with one of the suffixes
     */
    @RegisterForReflection
    public record TemplateInfo(
            @Schema(required = true) String name,
            @Schema(required = true) boolean acceptsTraining,
            @Schema(required = true) List<String> configFiles,
            @Schema(required = true) List<String> models,
            @Schema(required = true) List<String> datasets,
            @Schema(required = true) List<String> datasetSuffixes,
            @Schema(required = true) List<String> accelerateConfigs,

            @Schema(description = "null when the template accepts no training options")
            String defaultAccelerateConfig,

            @Schema(required = true, description = "The keys training.extra_args may set, each with its rule")
            List<OptionRule> extraArgs,

            @Schema(
                    required = true,
                    description = "The env names a launch may set: the template's own, then those the"
                            + " service allows (a trailing * stands for any rest of the name)")
            List<String> acceptedEnvs) {

        static TemplateInfo of(TemplateOptions o, List<String> acceptedEnvs) {
            return new TemplateInfo(
                    o.name(),
                    o.training(),
                    o.configFiles(),
                    o.models(),
                    o.datasets(),
                    o.datasetSuffixes(),
                    o.accelerateConfigs(),
                    o.defaultAccelerateConfig(),
                    List.copyOf(o.extraArgs().values()),
                    acceptedEnvs);
        }
    }
}
