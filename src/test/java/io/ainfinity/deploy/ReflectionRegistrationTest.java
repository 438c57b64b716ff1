package io.ainfinity.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jakarta.ws.rs.Path;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

import io.ainfinity.http.Problem;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.api.LaunchRequest;
import io.ainfinity.job.api.Responses.JobResponse;
import io.ainfinity.job.events.EventPayload;
import io.ainfinity.job.events.StreamItem;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Training;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every type Jackson reflects on is registered for reflection, so that a native binary serializes it as the JVM does.
 * Quarkus registers what it sees in REST signatures; what it cannot see is what the service's own mappers handle,
 * what filters write as plain entities, and what streams carry. Those roots are listed here, and a class that starts
 * using a mapper of its own fails {@link #everyOwnMapperIsAccountedFor} until its types are added.
 */
class ReflectionRegistrationTest {

    /** Classes that hold a Jackson mapper of their own, and the application types each one reads or writes. */
    private static final Map<String, List<Class<?>>> OWN_MAPPERS = Map.ofEntries(
            // spec_json; the metric columns are Map<String, Object> of JSON scalars, lists and maps only.
            Map.entry("io.ainfinity.job.store.JobRows", List.of(JobSpec.class)),
            // AINFINITY_TRAINING, the training options as one JSON value.
            Map.entry("io.ainfinity.task.TaskRenderer", List.of(Training.class)),
            // readTree only: JsonNode, no application type.
            Map.entry("io.ainfinity.metrics.MetricLineParser", List.of()),
            // readTree of SkyPilot's JSON: JsonNode, no application type.
            Map.entry("io.ainfinity.skypilot.SkyOutput", List.of()),
            // The API's mapper, writing each stream event's data: event payloads, log lines as maps.
            Map.entry("io.ainfinity.job.api.SseEvents", List.of(EventPayload.class)),
            // The API's mapper, writing each event's data once for every stream that sends it.
            Map.entry("io.ainfinity.job.events.EventJson", List.of(EventPayload.class)),
            // readTree and an ObjectNode of a stream ticket's claims: no application type.
            Map.entry("io.ainfinity.security.tickets.StreamTicketCodec", List.of()),
            // Hand the API's mapper to SseEvents; they serialize nothing themselves.
            Map.entry("io.ainfinity.job.api.EventResource", List.of()),
            Map.entry("io.ainfinity.job.api.AllEventsResource", List.of()),
            // Hashes launch requests and keeps the 201 body of a launch under an Idempotency-Key, to replay it.
            Map.entry("io.ainfinity.job.api.IdempotentLaunches", List.of(LaunchRequest.class, JobResponse.class)),
            // Configures the API's mapper; binds nothing itself.
            Map.entry("io.ainfinity.http.StrictJson", List.of()),
            // readTree of a bearer token's claims, to check the shape of groups: JsonNode, no application type.
            Map.entry("io.ainfinity.security.GroupsClaimCheck", List.of()),
            // The API's mapper, writing the problem of a refused request before it reaches a resource.
            Map.entry("io.ainfinity.security.ratelimit.UnauthenticatedLimit", List.of(Problem.class)));

    /** JSON written outside typed signatures: problems from filters, and the items and payloads of event streams. */
    private static final List<Class<?>> UNTYPED_ROOTS = List.of(Problem.class, StreamItem.class, JobEvent.class);

    private static final List<String> MAPPER_TYPES = List.of(
            "com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/json/JsonMapper",
            "com/fasterxml/jackson/databind/ObjectReader",
            "com/fasterxml/jackson/databind/ObjectWriter");

    @Test
    void everyOwnMapperIsAccountedFor() {
        Set<String> users = new TreeSet<>();
        for (MainClasses.Entry entry : MainClasses.all()) {
            if (MAPPER_TYPES.stream().anyMatch(entry::references)) {
                users.add(entry.topLevelName());
            }
        }
        assertThat(users)
                .as("classes with a Jackson mapper of their own; list the types each one handles in OWN_MAPPERS")
                .isEqualTo(new TreeSet<>(OWN_MAPPERS.keySet()));
    }

    @Test
    void everyJsonTypeIsRegisteredForReflection() {
        List<Type> roots = new ArrayList<>(UNTYPED_ROOTS);
        OWN_MAPPERS.values().forEach(roots::addAll);
        roots.addAll(restTypes());

        Set<Class<?>> json = new LinkedHashSet<>();
        roots.forEach(root -> collect(root, json));

        assertThat(json).as("JSON types found").contains(JobSpec.class, Problem.FieldError.class);
        Set<String> unregistered = json.stream()
                .filter(type -> !registered(type))
                .map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unregistered)
                .as("JSON types without @RegisterForReflection (on them or an enclosing class)")
                .isEmpty();
    }

    /** Bodies and answers of the REST resources and exception mappers. */
    private static List<Type> restTypes() {
        List<Type> types = new ArrayList<>();
        for (MainClasses.Entry entry : MainClasses.all()) {
            Class<?> type = entry.load();
            boolean resource = type.isAnnotationPresent(Path.class);
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                if (resource) {
                    types.add(method.getGenericReturnType());
                    types.addAll(List.of(method.getGenericParameterTypes()));
                } else if (method.isAnnotationPresent(ServerExceptionMapper.class)) {
                    types.add(method.getGenericReturnType());
                }
            }
        }
        return types;
    }

    /** The application types Jackson meets when it (de)serializes {@code type}. */
    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), found);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, found);
            }
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                collect(bound, found);
            }
        } else if (type instanceof GenericArrayType array) {
            collect(array.getGenericComponentType(), found);
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), found);
            } else if (c.getName().startsWith("io.ainfinity.") && found.add(c)) {
                members(c).forEach(member -> collect(member, found));
            }
        }
    }

    private static List<Type> members(Class<?> c) {
        List<Type> members = new ArrayList<>();
        if (c.isRecord()) {
            for (RecordComponent component : c.getRecordComponents()) {
                members.add(component.getGenericType());
            }
        } else if (c.isSealed()) {
            members.addAll(List.of(c.getPermittedSubclasses()));
        } else if (!c.isEnum() && !c.isInterface()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                    members.add(field.getGenericType());
                }
            }
        }
        return members;
    }

    private static boolean registered(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            RegisterForReflection registration = c.getAnnotation(RegisterForReflection.class);
            if (registration != null && (c == type || !registration.ignoreNested())) {
                return true;
            }
        }
        return false;
    }
}
