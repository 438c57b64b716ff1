package io.ainfinity.task;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one {@code training.extra_args} key accepts, as the payload's {@code options.yaml} states it. Values arrive as
 * strings and are matched strictly ({@code "1_000"}, {@code " 5"} and {@code "2.0"} are not integers), because the
 * payload applies the same rules and both must agree. Pure.
 *
 * @param type int, float, bool, enum, output, checkpoint, name or text
 * @param min inclusive lower bound of a number, or null
 * @param max inclusive upper bound of a number, or null
 * @param gt exclusive lower bound of a number, or null
 * @param values the choices of an enum; empty otherwise
 * @param nullable whether an int also takes {@code null}
 */
@RegisterForReflection
public record OptionRule(
        String key, String type, BigDecimal min, BigDecimal max, BigDecimal gt, List<String> values, boolean nullable) {

    static final List<String> TYPES = List.of("int", "float", "bool", "enum", "output", "checkpoint", "name", "text");

    private static final Pattern INT = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern FLOAT = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");
    private static final Pattern OUTPUT = Pattern.compile(HostPaths.OUTPUT_DIR_REGEX);
    private static final Pattern NAME = Pattern.compile(HostPaths.DATASET_REGEX);
    private static final int MAX_TEXT = 256;

    public OptionRule {
        values = values == null ? List.of() : List.copyOf(values);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("option '%s': unknown type '%s'".formatted(key, type));
        }
    }

    /** What is wrong with {@code value} for this key, if anything. */
    public Optional<String> check(String value) {
        if (value == null) {
            return Optional.of("must be a string");
        }
        return switch (type) {
            case "int" -> nullable && value.equals("null") ? Optional.empty() : number(value, INT, "a whole number");
            case "float" -> number(value, FLOAT, "a decimal number");
            case "bool" -> oneOf(value.toLowerCase(Locale.ROOT), List.of("true", "false"));
            case "enum" -> oneOf(value, values);
            case "output" -> matches(value, OUTPUT, "must be outputs or a relative path under it");
            case "checkpoint" ->
                value.equals("auto") || value.equals("null")
                        ? Optional.empty()
                        : matches(value, OUTPUT, "must be auto, null, or outputs or a relative path under it");
            case "name" -> matches(value, NAME, "must be a hub id (org/name) or a relative path");
            default -> text(value);
        };
    }

    private Optional<String> number(String value, Pattern shape, String what) {
        if (!shape.matcher(value).matches()) {
            return Optional.of("must be " + what);
        }
        BigDecimal number = new BigDecimal(value);
        if (gt != null && number.compareTo(gt) <= 0) {
            return Optional.of("must be greater than " + gt.toPlainString());
        }
        if (min != null && number.compareTo(min) < 0) {
            return Optional.of("must be at least " + min.toPlainString());
        }
        if (max != null && number.compareTo(max) > 0) {
            return Optional.of("must be at most " + max.toPlainString());
        }
        return Optional.empty();
    }

    private static Optional<String> oneOf(String value, List<String> choices) {
        return choices.contains(value) ? Optional.empty() : Optional.of("must be one of " + String.join(", ", choices));
    }

    private static Optional<String> matches(String value, Pattern pattern, String rule) {
        return pattern.matcher(value).matches()
                ? Optional.empty()
                : Optional.of(rule + " (segments of letters, digits, '.', '_' or '-', not starting with '.')");
    }

    private static Optional<String> text(String value) {
        if (value.isEmpty() || value.length() > MAX_TEXT) {
            return Optional.of("must be 1-" + MAX_TEXT + " characters");
        }
        if (SpecRules.hasControlCharacter(value) || value.contains("${")) {
            return Optional.of("must not contain control characters or '${'");
        }
        return Optional.empty();
    }
}
