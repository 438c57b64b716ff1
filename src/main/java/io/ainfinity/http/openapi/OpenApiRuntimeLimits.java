package io.ainfinity.http.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.skypilot.task.TemplateCatalog;

/**
 * What the document can only say once the service runs, from its configuration: the templates a launch may name
 * (loaded from {@code ainfinity.templates.dir}) and the longest token lifetime it mints.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiRuntimeLimits implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        AinfinityConfig config = Arc.container().instance(AinfinityConfig.class).get();
        TemplateCatalog templates =
                Arc.container().instance(TemplateCatalog.class).get();

        // A blank or null template is the default one.
        List<Object> names = new ArrayList<>(new TreeSet<>(templates.all().keySet()));
        names.add("");
        names.add(null);
        property(schemas, "LaunchRequest", "template").setEnumeration(names);

        Schema days = property(schemas, "TokenRequest", "expires_in_days");
        long configured = config.security().maxTokenLifetime().toDays();
        if (days.getMaximum() == null || BigDecimal.valueOf(configured).compareTo(days.getMaximum()) < 0) {
            days.setMaximum(BigDecimal.valueOf(configured));
        }
    }

    private static Schema property(Map<String, Schema> schemas, String schema, String property) {
        Schema found = schemas.get(schema).getProperties().get(property);
        if (found == null) {
            throw new IllegalStateException("the OpenAPI document has no " + schema + "." + property);
        }
        return found;
    }
}
