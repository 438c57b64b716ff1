package io.ainfinity.skypilot;

/** The output of a {@code sky} command was not what its contract says (no JSON, or JSON of another shape). */
public final class SkyOutputException extends RuntimeException {

    public SkyOutputException(String message) {
        super(message);
    }
}
