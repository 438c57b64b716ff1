package io.ainfinity.security.tickets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Stream tickets as text: {@code <claims>.<mac>}, both base64url, the claims a JSON object and the MAC an
 * HMAC-SHA256 of the claims' text under the service's ticket key. Nothing is stored: any replica holding the same key
 * verifies a ticket another one minted. Pure but for the clock handed in.
 */
public final class StreamTicketCodec {

    private static final String ALGORITHM = "HmacSHA256";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Longer than any ticket this codec writes, so a huge query parameter is refused before it is decoded. */
    static final int MAX_LENGTH = 2048;

    private final SecretKeySpec key;

    public StreamTicketCodec(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a stream ticket key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    public String encode(StreamTicket ticket) {
        ObjectNode claims = JSON.createObjectNode()
                .put("sub", ticket.subject())
                .put("path", ticket.path())
                .put("exp", ticket.expiresAt().getEpochSecond());
        // Sorted so that the same ticket always encodes to the same text.
        new TreeSet<>(ticket.roles()).forEach(claims.putArray("roles")::add);
        if (ticket.tokenId() != null) {
            claims.put("jti", ticket.tokenId());
        }
        String body = ENCODER.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(mac(body));
    }

    /** The ticket {@code text} stands for, if its MAC is ours and it has not expired at {@code now}. */
    public Optional<StreamTicket> decode(String text, Instant now) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot != text.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = text.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(mac(body), DECODER.decode(text.substring(dot + 1)))) {
                return Optional.empty();
            }
            return claims(JSON.readTree(DECODER.decode(body))).filter(t -> now.isBefore(t.expiresAt()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<StreamTicket> claims(JsonNode claims) {
        if (claims == null
                || !claims.path("sub").isTextual()
                || !claims.path("path").isTextual()
                || !claims.path("exp").canConvertToLong()
                || !claims.path("roles").isArray()) {
            return Optional.empty();
        }
        TreeSet<String> roles = new TreeSet<>();
        claims.get("roles").forEach(role -> roles.add(role.asText()));
        JsonNode jti = claims.get("jti");
        return Optional.of(new StreamTicket(
                claims.get("sub").asText(),
                roles,
                claims.get("path").asText(),
                Instant.ofEpochSecond(claims.get("exp").asLong()),
                jti == null ? null : jti.asText()));
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
