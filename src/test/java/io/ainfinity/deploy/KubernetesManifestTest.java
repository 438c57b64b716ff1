package io.ainfinity.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static io.ainfinity.deploy.Manifests.applicationProperties;
import static io.ainfinity.deploy.Manifests.at;
import static io.ainfinity.deploy.Manifests.documents;
import static io.ainfinity.deploy.Manifests.list;
import static io.ainfinity.deploy.Manifests.map;
import static io.ainfinity.deploy.Manifests.named;
import static io.ainfinity.deploy.Manifests.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** The committed manifests (deploy/kubernetes/) hold the hardening, probes and secret references the service needs. */
class KubernetesManifestTest {

    private static final List<Map<String, Object>> DOCS = documents(Manifests.GENERATED_COPY);
    private static final Map<String, Object> DEPLOYMENT = resource(DOCS, "Deployment", "ainfinity");
    private static final Map<String, Object> POD = map(DEPLOYMENT, "spec", "template", "spec");
    private static final Map<String, Object> CONTAINER = named(list(POD, "containers"), "name", "ainfinity");

    @Test
    void generatesDeploymentServiceAndServiceAccountOnly() {
        assertThat(DOCS.stream().map(d -> d.get("kind")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("Deployment", "Service", "ServiceAccount");
        assertThat(POD.get("serviceAccountName")).isEqualTo("ainfinity");
        resource(DOCS, "ServiceAccount", "ainfinity");
        assertThat(at(resource(DOCS, "Service", "ainfinity"), "spec", "ports", 0, "targetPort"))
                .isEqualTo(8000);
    }

    @Test
    void oneReplicaIsReplacedNotRolledBecauseTheVolumeIsReadWriteOnce() {
        assertThat(at(DEPLOYMENT, "spec", "replicas")).isIn(null, 1);
        assertThat(at(DEPLOYMENT, "spec", "strategy", "type")).isEqualTo("Recreate");
        assertThat(map(DEPLOYMENT, "spec", "selector", "matchLabels"))
                .as("selectors are immutable: no version in them")
                .doesNotContainKey("app.kubernetes.io/version");
    }

    @Test
    void podAndContainerRunHardened() {
        Map<String, Object> pod = map(POD, "securityContext");
        assertThat(pod).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(at(pod, "seccompProfile", "type")).isEqualTo("RuntimeDefault");

        Map<String, Object> container = map(CONTAINER, "securityContext");
        assertThat(container)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 10001)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(at(container, "capabilities", "drop")).isEqualTo(List.of("ALL"));
        assertThat(container).doesNotContainKey("privileged");
    }

    @Test
    void probesUseTheHealthEndpoints() {
        assertThat(at(CONTAINER, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
        assertThat(at(CONTAINER, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
        assertThat(at(CONTAINER, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(CONTAINER, probe, "httpGet", "port")).as(probe).isEqualTo(8000);
        }
    }

    @Test
    void requestsEqualLimits() {
        Map<String, Object> requests = map(CONTAINER, "resources", "requests");
        Map<String, Object> limits = map(CONTAINER, "resources", "limits");
        assertThat(requests).containsKeys("cpu", "memory").isEqualTo(limits);
    }

    @Test
    void everyWritablePathIsAVolumeBecauseTheRootFileSystemIsReadOnly() {
        Map<String, Map<String, Object>> volumes =
                list(POD, "volumes").stream().collect(Collectors.toMap(v -> (String) v.get("name"), v -> v));
        Map<String, Map<String, Object>> mounts = list(CONTAINER, "volumeMounts").stream()
                .collect(Collectors.toMap(m -> (String) m.get("mountPath"), m -> m));

        assertThat(volumes.get(volumeAt(mounts, "/tmp"))).containsKey("emptyDir");
        assertThat(volumes.get(volumeAt(mounts, "/home/ainfinity/.sky"))).containsKey("emptyDir");
        assertThat(at(volumes.get(volumeAt(mounts, "/data")), "persistentVolumeClaim", "claimName"))
                .isEqualTo("ainfinity-data");
        assertThat(env("AINFINITY_DATA_DIR").get("value")).isEqualTo("/data");
        mounts.values().forEach(m -> assertThat(volumes).containsKey((String) m.get("name")));
    }

    @Test
    void secretsAreReferencedByNameAndNeverInlined() {
        Map<String, Map<String, Object>> mounts = list(CONTAINER, "volumeMounts").stream()
                .collect(Collectors.toMap(m -> (String) m.get("mountPath"), m -> m));
        Map<String, Object> jwtMount = mounts.get("/etc/ainfinity/jwt");
        assertThat(jwtMount).containsEntry("readOnly", true);
        Map<String, Object> jwtVolume = named(list(POD, "volumes"), "name", (String) jwtMount.get("name"));
        assertThat(at(jwtVolume, "secret", "secretName")).isEqualTo("ainfinity-jwt");
        assertThat(at(jwtVolume, "secret", "defaultMode")).as("0440").isEqualTo(0440);
        assertThat((String) env("MP_JWT_VERIFY_PUBLICKEY_LOCATION").get("value"))
                .startsWith("/etc/ainfinity/jwt/");

        assertThat(at(env("SKYPILOT_API_SERVER_ENDPOINT"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("ainfinity-skypilot");
        assertThat(at(env("SKYPILOT_SERVICE_ACCOUNT_TOKEN"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("ainfinity-skypilot");
        for (Map<String, Object> variable : list(CONTAINER, "env")) {
            String name = ((String) variable.get("name")).toUpperCase(Locale.ROOT);
            if (name.matches(".*(TOKEN|PASSWORD|SECRET|PRIVATE).*")) {
                assertThat(variable).as(name).doesNotContainKey("value");
            }
        }
    }

    @Test
    void prometheusScrapesTheMetricsEndpoint() {
        for (Map<String, Object> annotated : List.of(
                map(DEPLOYMENT, "spec", "template", "metadata"),
                map(resource(DOCS, "Service", "ainfinity"), "metadata"))) {
            assertThat(map(annotated, "annotations"))
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", "8000");
        }
    }

    @Test
    void gracePeriodCoversRequestsInFlightAndTheProcessPoolDrain() {
        Properties app = applicationProperties();
        Duration requests = Duration.parse("PT" + app.getProperty("quarkus.shutdown.timeout"));
        Duration drain = Duration.parse(
                "PT" + env("AINFINITY_WORKER_POOL_SHUTDOWN_GRACE").get("value"));
        Duration preStop = Duration.ofSeconds(
                Long.parseLong((String) at(CONTAINER, "lifecycle", "preStop", "exec", "command", 1)));

        long grace = ((Number) POD.get("terminationGracePeriodSeconds")).longValue();
        assertThat(Duration.ofSeconds(grace)).isGreaterThan(requests.plus(drain).plus(preStop));
    }

    @Test
    void buildGeneratesManifestsWithoutBuildingPushingOrDeploying() throws IOException {
        // A container-image extension would make every package build (and possibly push) an image.
        assertThat(Files.readString(Path.of("pom.xml"))).doesNotContain("quarkus-container-image-");
        Properties app = applicationProperties();
        assertThat(app.getProperty("quarkus.kubernetes.deploy")).isEqualTo("false");
    }

    @Test
    void imageIsPinnedAndNeverPulledAsLatest() {
        String image = (String) CONTAINER.get("image");
        assertThat(image).contains(":").doesNotEndWith(":latest");
        assertThat(CONTAINER.get("imagePullPolicy")).isEqualTo("IfNotPresent");
    }

    @Test
    void examplesNameTheReferencedSecretsWithPlaceholdersOnly() {
        List<Map<String, Object>> secrets = documents(Manifests.DIR.resolve("secrets.example.yaml"));
        assertThat(secrets.stream().map(s -> at(s, "metadata", "name")).collect(Collectors.toSet()))
                .isEqualTo(Set.of("ainfinity-jwt", "ainfinity-skypilot", "ainfinity-db", "ainfinity-stream-tickets"));
        for (Map<String, Object> secret : secrets) {
            assertThat(secret).doesNotContainKey("data");
            map(secret, "stringData")
                    .values()
                    .forEach(v -> assertThat((String) v).startsWith("REPLACE_WITH_"));
        }
        assertThat(at(
                        resource(
                                documents(Manifests.DIR.resolve("sqlite/pvc.yaml")),
                                "PersistentVolumeClaim",
                                "ainfinity-data"),
                        "spec",
                        "accessModes"))
                .isEqualTo(List.of("ReadWriteOnce"));
    }

    @Test
    void postgresqlVariantTakesTheDatabaseFromItsSecret() {
        Map<String, Object> patch = resource(
                documents(Manifests.DIR.resolve("postgresql/store-postgresql.yaml")), "Deployment", "ainfinity");
        List<Map<String, Object>> env =
                list(named(list(patch, "spec", "template", "spec", "containers"), "name", "ainfinity"), "env");
        assertThat(named(env, "name", "AINFINITY_STORE_KIND").get("value")).isEqualTo("postgresql");
        for (String variable : List.of("AINFINITY_DB_URL", "AINFINITY_DB_USER", "AINFINITY_DB_PASSWORD")) {
            assertThat(at(named(env, "name", variable), "valueFrom", "secretKeyRef", "name"))
                    .as(variable)
                    .isEqualTo("ainfinity-db");
        }
    }

    private static Map<String, Object> env(String name) {
        return named(list(CONTAINER, "env"), "name", name);
    }

    private static String volumeAt(Map<String, Map<String, Object>> mounts, String path) {
        assertThat(mounts).as("a volume mounted at " + path).containsKey(path);
        return (String) mounts.get(path).get("name");
    }
}
