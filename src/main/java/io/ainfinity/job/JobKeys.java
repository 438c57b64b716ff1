package io.ainfinity.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The service's key for a job: its owner's name for it, then a hash of owner and name. Names are unique per owner, so
 * two owners may both call a job {@code smoke-1}; the key tells their SkyPilot clusters, managed jobs and run
 * directories apart, and follows SkyPilot's cluster-name rule and 63-character limit, as job names do. Pure.
 */
public final class JobKeys {

    static final int MAX_LENGTH = 63;
    private static final int HASH_CHARS = 10;

    private JobKeys() {}

    public static String of(String owner, String name) {
        String hash = HexFormat.of().formatHex(sha256(owner + "\u0000" + name)).substring(0, HASH_CHARS);
        int room = MAX_LENGTH - HASH_CHARS - 1;
        return (name.length() > room ? name.substring(0, room) : name) + "-" + hash;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
