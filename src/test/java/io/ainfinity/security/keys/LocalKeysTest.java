package io.ainfinity.security.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ainfinity.config.AinfinityConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalKeysTest {

    @TempDir
    Path data;

    @Test
    void createsAPrivateKeyOnlyItsOwnerCanReadAndReusesIt() throws Exception {
        Path dir = LocalKeys.ensure(data);
        Path privateKey = dir.resolve(LocalKeys.PRIVATE);
        String first = Files.readString(privateKey);

        assertThat(first).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve(LocalKeys.PUBLIC))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
                .isEqualTo("rw-------");
        LocalKeys.ensure(data);
        assertThat(Files.readString(privateKey)).isEqualTo(first);
    }

    @Test
    void refusesToStartWithoutAVerificationKeyAndNamesTheProperties() {
        KeyStartupCheck check =
                new KeyStartupCheck((AinfinityConfig) null, null, Optional.empty(), Optional.of(" "), 8000);

        assertThatThrownBy(() -> check.check(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.jwt.verify.publickey.location")
                .hasMessageContaining("MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .hasMessageContaining("smallrye.jwt.sign.key.location");
    }
}
