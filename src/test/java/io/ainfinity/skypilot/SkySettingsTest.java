package io.ainfinity.skypilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SkySettingsTest {

    @TempDir
    Path work;

    @Test
    void findsTheConfiguredCliThenTheProjectVenvThenThePath() throws Exception {
        assertThat(SkySettings.resolveCli(Optional.empty(), work)).isEqualTo("sky");
        assertThat(SkySettings.resolveCli(Optional.of("/opt/sky/bin/sky"), work))
                .isEqualTo("/opt/sky/bin/sky");
        assertThat(SkySettings.resolveCli(Optional.of("tools/sky"), work))
                .isEqualTo(work.resolve("tools/sky").toAbsolutePath().toString());

        Path venvSky = work.resolve(SkySettings.PROJECT_VENV_SKY);
        Files.createDirectories(venvSky.getParent());
        Files.createFile(venvSky, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        assertThat(SkySettings.resolveCli(Optional.empty(), work))
                .isEqualTo(venvSky.toAbsolutePath().toString());
        assertThat(SkySettings.resolveCli(Optional.of("sky"), work)).isEqualTo("sky");
    }
}
