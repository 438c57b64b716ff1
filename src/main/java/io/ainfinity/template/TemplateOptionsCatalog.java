package io.ainfinity.template;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.task.PayloadConfigs;
import io.ainfinity.task.TemplateOptions;

/**
 * The {@link TemplateOptions} of every template, built at start-up from the templates and the training payload's
 * files ({@code ainfinity.payload.dir}), so that a template naming a config the payload lacks stops the service
 * instead of failing a user's launch.
 */
@Startup
@ApplicationScoped
public class TemplateOptionsCatalog {

    private final Map<String, TemplateOptions> options;

    public TemplateOptionsCatalog(TemplateCatalog templates, AinfinityConfig config) {
        this.options = TemplateOptions.all(
                templates.all(), PayloadConfigs.load(config.payload().dir()));
    }

    public Optional<TemplateOptions> find(String template) {
        return template == null ? Optional.empty() : Optional.ofNullable(options.get(template));
    }

    /** Sorted by name. */
    public Collection<TemplateOptions> all() {
        return options.values();
    }
}
