package io.ainfinity.http.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.task.TemplateOptions;
import io.ainfinity.template.TemplateOptionsCatalog;

/**
 * What the document can only say once the service runs, from its configuration: the templates a launch may name
 * (loaded from {@code ainfinity.templates.dir}), the training options each of them accepts, and the longest token
 * lifetime the service mints.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiRuntimeLimits implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        AinfinityConfig config = Arc.container().instance(AinfinityConfig.class).get();
        TemplateOptionsCatalog templates =
                Arc.container().instance(TemplateOptionsCatalog.class).get();
        String defaultTemplate = config.jobs().defaultTemplate();

        // A blank or null template is the default one.
        List<Object> names = new ArrayList<>(new TreeSet<>(
                templates.all().stream().map(TemplateOptions::name).toList()));
        names.add("");
        names.add(null);
        property(schemas, "LaunchRequest", "template").setEnumeration(names);
        List<Schema> rules = templates.all().stream()
                .filter(TemplateOptions::training)
                .map(t -> trainingRule(t, t.name().equals(defaultTemplate)))
                .toList();
        if (!rules.isEmpty()) {
            schemas.get("LaunchRequest").setAllOf(rules);
        }

        Schema days = property(schemas, "TokenRequest", "expires_in_days");
        long configured = config.security().maxTokenLifetime().toDays();
        if (days.getMaximum() == null || BigDecimal.valueOf(configured).compareTo(days.getMaximum()) < 0) {
            days.setMaximum(BigDecimal.valueOf(configured));
        }
    }

    /** If a launch names {@code template} (or names none and it is the default), its training options are its own. */
    private static Schema trainingRule(TemplateOptions template, boolean isDefault) {
        Schema named = OASFactory.createSchema()
                .addProperty("template", isDefault ? enumOf(template.name(), "", null) : enumOf(template.name()));
        if (!isDefault) {
            named.addRequired("template");
        }
        Schema dataset = OASFactory.createSchema()
                .anyOf(List.of(
                        enumOf(nullable(template.datasets())),
                        OASFactory.createSchema().addType(SchemaType.STRING).pattern(suffixes(template))));
        Schema options = OASFactory.createSchema()
                .addProperty("config_file", enumOf(nullable(template.configFiles())))
                .addProperty("model", enumOf(nullable(template.models())))
                .addProperty("dataset", dataset)
                .addProperty("accelerate_config", enumOf(nullable(template.accelerateConfigs())));
        return OASFactory.createSchema()
                .description("The training options of template '%s' (see GET /templates)".formatted(template.name()))
                .ifSchema(named)
                .thenSchema(OASFactory.createSchema()
                        .addProperty(
                                "training",
                                OASFactory.createSchema()
                                        .anyOf(List.of(OASFactory.createSchema().addType(SchemaType.NULL), options))));
    }

    /** A dataset file: a path ending in one of the template's suffixes, in any case. */
    private static String suffixes(TemplateOptions template) {
        return template.datasetSuffixes().stream()
                .map(suffix -> Arrays.stream(suffix.split(""))
                        .map(c -> Character.isLetter(c.charAt(0))
                                ? "[" + c.toLowerCase(Locale.ROOT) + c.toUpperCase(Locale.ROOT) + "]"
                                : Character.isDigit(c.charAt(0)) ? c : "\\" + c)
                        .collect(Collectors.joining()))
                .collect(Collectors.joining("|", "(?:", ")$"));
    }

    private static Schema enumOf(Object... values) {
        return enumOf(Arrays.asList(values));
    }

    private static Schema enumOf(List<Object> values) {
        return OASFactory.createSchema().enumeration(values);
    }

    private static List<Object> nullable(List<String> values) {
        List<Object> all = new ArrayList<>(values);
        all.add(null);
        return all;
    }

    private static Schema property(Map<String, Schema> schemas, String schema, String property) {
        Schema found = schemas.get(schema).getProperties().get(property);
        if (found == null) {
            throw new IllegalStateException("the OpenAPI document has no " + schema + "." + property);
        }
        return found;
    }
}
