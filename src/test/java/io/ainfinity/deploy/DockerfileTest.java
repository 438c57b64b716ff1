package io.ainfinity.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images cannot be built on machines without Docker, so their Dockerfiles are held to the lines that
 * matter as text (hadolint checks the rest: scripts/lint-containers.sh).
 */
class DockerfileTest {

    private static final Path DOCKER = Path.of("src/main/docker");
    private static final String SKYPILOT_PIN = "==0.14.1\"";

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void buildsInOneStageAndRunsInASlimPythonOne(String file) throws IOException {
        List<String> from = instructions(file, "FROM");
        assertThat(from).hasSizeGreaterThanOrEqualTo(2);
        assertThat(from.get(0)).endsWith(" AS build");
        assertThat(from.get(from.size() - 1)).startsWith("python:3.11-slim-");
        for (String image : from) {
            String ref = image.split(" ")[0];
            assertThat(ref).as("pinned tag").contains(":").doesNotEndWith(":latest");
        }
        assertThat(instructions(file, "RUN").get(0)).contains("./mvnw -B package");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void runsAsAFixedNonRootUserUnderTini(String file) throws IOException {
        List<String> users = instructions(file, "USER");
        assertThat(users.get(users.size() - 1)).isEqualTo("10001:10001");
        assertThat(instructions(file, "ENTRYPOINT")).containsExactly("[\"/usr/bin/tini\", \"--\"]");
        assertThat(finalStage(file)).anyMatch(l -> l.contains("apt-get install") && l.contains(" tini "));
        assertThat(finalStage(file)).anyMatch(l -> l.contains("apt-get install") && l.contains(" procps "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void installsThePinnedSkyPilotWithExtrasFromABuildArgument(String file) throws IOException {
        assertThat(instructions(file, "ARG")).contains("SKYPILOT_EXTRAS=kubernetes,aws");
        assertThat(finalStage(file)).anyMatch(l -> l.contains("\"skypilot[${SKYPILOT_EXTRAS}]" + SKYPILOT_PIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native"})
    void servesPort8000WithAHealthCheckAndWritableVolumes(String file) throws IOException {
        assertThat(instructions(file, "EXPOSE")).containsExactly("8000");
        assertThat(instructions(file, "HEALTHCHECK")).singleElement().asString().contains("/q/health/live");
        assertThat(instructions(file, "VOLUME"))
                .containsExactly("[\"/data\", \"/home/ainfinity/.sky\", \"/home/ainfinity/.kube\"]");
        String env = String.join(" ", instructions(file, "ENV"));
        assertThat(env)
                .contains("AINFINITY_DATA_DIR=/data")
                .contains("AINFINITY_TEMPLATES_DIR=/opt/ainfinity/skylaunch")
                .contains("AINFINITY_PAYLOAD_DIR=/opt/ainfinity/train");
        assertThat(instructions(file, "COPY"))
                .contains("skylaunch/ /opt/ainfinity/skylaunch/", "train/ /opt/ainfinity/train/");
    }

    @Test
    void nativeStageCompilesWithMandrel() throws IOException {
        List<String> from = instructions("Dockerfile.native", "FROM");
        assertThat(from.get(0)).startsWith("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-");
        assertThat(instructions("Dockerfile.native", "RUN").get(0)).contains("-Dnative");
        assertThat(instructions("Dockerfile.native", "CMD")).containsExactly("[\"/deployments/ainfinity\"]");
    }

    @Test
    void contextLeavesOutBuildOutputsLocalDataAndTheTrainingVenv() throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
        assertThat(ignore).contains("*").doesNotContain("!target/", "!data/", "!.venv-train", "!src/test/");
        assertThat(ignore).contains("!src/main/", "!skylaunch/", "!train/", "!mvnw", "!.mvn/", "!pom.xml");
    }

    /** Arguments of every instruction of that kind, continuation lines joined, in file order. */
    private static List<String> instructions(String file, String keyword) throws IOException {
        Pattern start = Pattern.compile("^" + keyword + "\\s+", Pattern.CASE_INSENSITIVE);
        List<String> found = new ArrayList<>();
        for (String line : logicalLines(Files.readAllLines(DOCKER.resolve(file)))) {
            if (start.matcher(line).find()) {
                found.add(line.substring(keyword.length()).trim());
            }
        }
        return found;
    }

    private static List<String> finalStage(String file) throws IOException {
        List<String> lines = logicalLines(Files.readAllLines(DOCKER.resolve(file)));
        int last = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).toUpperCase(Locale.ROOT).startsWith("FROM ")) {
                last = i;
            }
        }
        return lines.subList(last, lines.size());
    }

    private static List<String> logicalLines(List<String> physical) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : physical) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            logical.add(current.toString().replaceAll("\\s+", " ").trim());
            current.setLength(0);
        }
        return logical;
    }
}
