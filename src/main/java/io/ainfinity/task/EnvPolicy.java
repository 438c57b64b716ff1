package io.ainfinity.task;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which environment variables a launch may set: the names its template declares (the template's own knobs) and the
 * names an operator allowed ({@code ainfinity.jobs.allowed-envs}, exact or {@code PREFIX*}). Everything else is
 * refused, because package managers, interpreters and libraries read variables that make a task fetch or run code it
 * did not ship ({@code PIP_INDEX_URL}, {@code HTTPS_PROXY}, {@code OPENSSL_CONF}, …) and no deny-list keeps up with
 * them. Names a shell, the loader or an interpreter acts on as it starts stay refused even when allowed, and so do the
 * secrets' names, whose values come from the service's own configuration. Pure.
 */
public record EnvPolicy(List<String> allowed, Set<String> secrets) {

    public EnvPolicy {
        allowed = List.copyOf(allowed);
        secrets = Set.copyOf(secrets);
    }

    /** Why {@code name} may not be set by a launch of a template declaring {@code declared}, if it may not. */
    public Optional<String> refusal(String name, Set<String> declared) {
        if (EnvRules.controlsStartUp(name)) {
            return Optional.of("a shell, the dynamic loader or an interpreter acts on this name as it starts"
                    + " (BASH_ENV, PATH, LD_*, PYTHONPATH and the like are refused)");
        }
        if (secrets.contains(name)) {
            return Optional.of("is a secret of this service: its value comes from the service's configuration, never"
                    + " from a request");
        }
        if (declared.contains(name) || allowed.stream().anyMatch(pattern -> matches(pattern, name))) {
            return Optional.empty();
        }
        return Optional.of("is not an accepted name; accepted: " + String.join(", ", accepted(declared))
                + " (the template's own variables and ainfinity.jobs.allowed-envs)");
    }

    /** What a launch of a template declaring {@code declared} may set, sorted. */
    public Set<String> accepted(Set<String> declared) {
        Set<String> names = new TreeSet<>(declared);
        names.addAll(allowed);
        return names;
    }

    private static boolean matches(String pattern, String name) {
        return pattern.endsWith("*")
                ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(name);
    }
}
