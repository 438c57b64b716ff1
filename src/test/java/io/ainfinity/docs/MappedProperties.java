package io.ainfinity.docs;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The properties a {@code @ConfigMapping} interface declares, found by reflection as SmallRye Config names them: the
 * mapping's prefix, each method's {@code @WithName} or its name through the mapping's naming strategy (kebab-case by
 * default), nested interfaces as groups, {@code @WithParentName} groups and leaves at their parent's name. Leaves may be
 * wrapped in {@code Optional}; their types do not matter, since only names and defaults are compared.
 */
final class MappedProperties {

    private MappedProperties() {}

    /** Property name → its {@code @WithDefault}, or empty when it has none. */
    static Map<String, Optional<String>> of(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
        }
        return walk(annotation.prefix(), annotation.namingStrategy(), mapping);
    }

    static Map<String, Optional<String>> walk(String prefix, Function<String, String> naming, Class<?> group) {
        Map<String, Optional<String>> properties = new TreeMap<>();
        collect(prefix, naming, group, properties);
        return properties;
    }

    private static void collect(
            String prefix, Function<String, String> naming, Class<?> group, Map<String, Optional<String>> out) {
        Method[] methods = group.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name =
                    method.isAnnotationPresent(WithParentName.class) ? prefix : join(prefix, nameOf(method, naming));
            Class<?> type = unwrapped(method);
            if (Map.class.isAssignableFrom(type)) {
                throw new IllegalStateException(
                        "%s: map properties are not supported here; teach MappedProperties their names"
                                .formatted(method));
            }
            if (isGroup(type)) {
                collect(name, naming, type, out);
            } else if (out.put(name, defaultOf(method)) != null) {
                throw new IllegalStateException("two methods map to " + name);
            }
        }
    }

    private static String nameOf(Method method, Function<String, String> naming) {
        WithName renamed = method.getAnnotation(WithName.class);
        return renamed != null ? renamed.value() : naming.apply(method.getName());
    }

    private static Optional<String> defaultOf(Method method) {
        WithDefault value = method.getAnnotation(WithDefault.class);
        return value == null ? Optional.empty() : Optional.of(value.value());
    }

    /** The declared type, or what an {@code Optional} holds; collections of groups are refused. */
    private static Class<?> unwrapped(Method method) {
        Class<?> raw = method.getReturnType();
        if (raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class) {
            return raw;
        }
        Type generic = method.getGenericReturnType();
        if (raw == Optional.class && generic instanceof ParameterizedType optional) {
            Type held = optional.getActualTypeArguments()[0];
            raw = held instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) held;
            generic = held;
        }
        if (Iterable.class.isAssignableFrom(raw) && generic instanceof ParameterizedType collection) {
            Type element = collection.getActualTypeArguments()[0];
            if (element instanceof Class<?> c && isGroup(c)) {
                throw new IllegalStateException(
                        "%s: indexed groups are not supported here; teach MappedProperties their names"
                                .formatted(method));
            }
        }
        return raw;
    }

    /** A nested configuration interface, as opposed to a value type such as {@code List} or {@code Duration}. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
