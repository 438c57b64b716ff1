package io.ainfinity.template;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.ainfinity.security.Roles;

/** {@code /api/v1/templates}: the task templates a launch may name, and the training options each accepts. */
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "templates")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
public class TemplateResource {

    private final TemplateOptionsCatalog options;

    public TemplateResource(TemplateOptionsCatalog options) {
        this.options = options;
    }

    @GET
    public Uni<TemplatesResponse> list() {
        return Uni.createFrom()
                .item(new TemplatesResponse(
                        true, options.all().stream().map(TemplateInfo::of).toList()));
    }

    @RegisterForReflection
    public record TemplatesResponse(boolean success, List<TemplateInfo> templates) {}

    /**
     * One template. Lists are empty, and training options are ignored, when {@code accepts_training} is false.
     *
     * @param configFiles values of {@code training.config_file}
     * @param datasets dataset config names; {@code training.dataset} may also be a path with one of the suffixes
     */
    @RegisterForReflection
    public record TemplateInfo(
            String name,
            boolean acceptsTraining,
            List<String> configFiles,
            List<String> models,
            List<String> datasets,
            List<String> datasetSuffixes,
            List<String> accelerateConfigs,
            String defaultAccelerateConfig) {

        static TemplateInfo of(TemplateOptions o) {
            return new TemplateInfo(
                    o.name(),
                    o.training(),
                    o.configFiles(),
                    o.models(),
                    o.datasets(),
                    o.datasetSuffixes(),
                    o.accelerateConfigs(),
                    o.defaultAccelerateConfig());
        }
    }
}
