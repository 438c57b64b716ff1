package io.ainfinity.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static io.ainfinity.deploy.Manifests.applicationProperties;
import static io.ainfinity.deploy.Manifests.at;
import static io.ainfinity.deploy.Manifests.documents;
import static io.ainfinity.deploy.Manifests.list;
import static io.ainfinity.deploy.Manifests.map;
import static io.ainfinity.deploy.Manifests.named;
import static io.ainfinity.deploy.Manifests.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL overlay (deploy/kubernetes/postgresql) runs several replicas that roll without dropping requests; the
 * SQLite one stays a single replica that is replaced. check_manifests.py checks the same on what an API server makes
 * of the rendered overlays.
 */
class PostgresqlOverlayTest {

    private static final Map<String, Object> BASE =
            resource(documents(Manifests.GENERATED_COPY), "Deployment", "ainfinity");
    private static final Map<String, Object> PATCH =
            resource(documents(Manifests.DIR.resolve("postgresql/replicas.yaml")), "Deployment", "ainfinity");
    private static final Map<String, Object> POD_LABELS = map(BASE, "spec", "template", "metadata", "labels");

    @Test
    @SuppressWarnings("unchecked")
    void overlayAppliesTheReplicaPatchAndTheDisruptionBudget() {
        Map<String, Object> kustomization = documents(Manifests.DIR.resolve("postgresql/kustomization.yaml"))
                .get(0);

        assertThat((List<Object>) kustomization.get("resources")).contains("../base", "pdb.yaml");
        assertThat(list(kustomization, "patches").stream().map(p -> p.get("path")))
                .containsExactlyInAnyOrder("store-postgresql.yaml", "replicas.yaml");
    }

    @Test
    void threeReplicasRollOneAtATimeWithoutLosingCapacity() {
        assertThat(at(PATCH, "spec", "replicas")).isEqualTo(3);
        assertThat(at(PATCH, "spec", "strategy", "type")).isEqualTo("RollingUpdate");
        assertThat(map(PATCH, "spec", "strategy", "rollingUpdate"))
                .containsEntry("maxSurge", 1)
                .containsEntry("maxUnavailable", 0);
    }

    @Test
    void sqliteStaysOneReplicaReplacedNotRolled() {
        Map<String, Object> kustomization =
                documents(Manifests.DIR.resolve("sqlite/kustomization.yaml")).get(0);

        assertThat(kustomization).doesNotContainKeys("patches", "patchesStrategicMerge", "replicas");
        assertThat(at(BASE, "spec", "replicas")).isIn(null, 1);
        assertThat(at(BASE, "spec", "strategy", "type")).isEqualTo("Recreate");
    }

    @Test
    void aDisruptionTakesOneReplicaAtATime() {
        Map<String, Object> budget =
                resource(documents(Manifests.DIR.resolve("postgresql/pdb.yaml")), "PodDisruptionBudget", "ainfinity");

        assertThat(budget.get("apiVersion")).isEqualTo("policy/v1");
        assertThat(at(budget, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat(at(budget, "spec", "unhealthyPodEvictionPolicy")).isEqualTo("AlwaysAllow");
        assertThat(map(budget, "spec", "selector", "matchLabels"))
                .isEqualTo(Map.of("app.kubernetes.io/name", "ainfinity"));
        assertThat(POD_LABELS).containsAllEntriesOf(map(budget, "spec", "selector", "matchLabels"));
    }

    @Test
    void replicasPreferDifferentNodesAndZones() {
        Map<String, Object> pod = map(PATCH, "spec", "template", "spec");
        Map<String, Object> term = map(
                list(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")
                        .get(0),
                "podAffinityTerm");
        assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
        assertThat(POD_LABELS).containsAllEntriesOf(map(term, "labelSelector", "matchLabels"));

        Map<String, Object> spread = list(pod, "topologySpreadConstraints").get(0);
        assertThat(spread)
                .containsEntry("topologyKey", "topology.kubernetes.io/zone")
                .containsEntry("whenUnsatisfiable", "ScheduleAnyway");
        assertThat(POD_LABELS).containsAllEntriesOf(map(spread, "labelSelector", "matchLabels"));
    }

    @Test
    void everyReplicaSignsStreamTicketsWithTheKeyFromOneSecret() {
        Map<String, Object> key = env("AINFINITY_SECURITY_STREAM_TICKET_KEY");

        assertThat(at(key, "valueFrom", "secretKeyRef", "name")).isEqualTo("ainfinity-stream-tickets");
        assertThat(at(key, "valueFrom", "secretKeyRef", "key")).isEqualTo("key");
        assertThat(key).doesNotContainKey("value");
    }

    @Test
    void readinessGoesDownBeforeRequestsStopAndTheGracePeriodCoversTheWholeShutdown() {
        Properties app = applicationProperties();
        assertThat(app.getProperty("quarkus.shutdown.delay-enabled"))
                .as("a build-time switch: without it QUARKUS_SHUTDOWN_DELAY is ignored")
                .isEqualTo("true");
        Duration delay = Duration.parse("PT" + env("QUARKUS_SHUTDOWN_DELAY").get("value"));
        Duration requests = Duration.parse("PT" + app.getProperty("quarkus.shutdown.timeout"));
        Map<String, Object> container =
                named(list(BASE, "spec", "template", "spec", "containers"), "name", "ainfinity");
        Duration drain = Duration.parse("PT"
                + named(list(container, "env"), "name", "AINFINITY_WORKER_POOL_SHUTDOWN_GRACE")
                        .get("value"));
        Duration preStop = Duration.ofSeconds(
                Long.parseLong((String) at(container, "lifecycle", "preStop", "exec", "command", 1)));
        long grace = ((Number) at(BASE, "spec", "template", "spec", "terminationGracePeriodSeconds")).longValue();

        assertThat(delay).isPositive();
        assertThat(Duration.ofSeconds(grace))
                .isGreaterThan(preStop.plus(delay).plus(requests).plus(drain));
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
    }

    private static Map<String, Object> env(String name) {
        return named(
                list(named(list(PATCH, "spec", "template", "spec", "containers"), "name", "ainfinity"), "env"),
                "name",
                name);
    }
}
