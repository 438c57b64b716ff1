package io.ainfinity.metrics;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Python's number spellings: the literals {@code repr} prints and the strings {@code float()} accepts. */
final class PythonNumbers {

    private static final Pattern DECIMAL = Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private PythonNumbers() {}

    /** An unsigned decimal int or float literal, without Java's extras (hex floats, {@code d}/{@code f} suffixes). */
    static boolean isDecimal(String text) {
        return DECIMAL.matcher(text).matches();
    }

    /**
     * The value {@code float(text)} gives, for the spellings the Trainer writes ({@code '6.232'}, {@code '8.824e-05'},
     * {@code 'nan'}, {@code '-inf'}); empty for any other string.
     */
    static OptionalDouble parseFloat(String text) {
        String t = text.strip();
        String sign = t.startsWith("-") || t.startsWith("+") ? t.substring(0, 1) : "";
        String body = t.substring(sign.length());
        if (isDecimal(body)) {
            return OptionalDouble.of(Double.parseDouble(t));
        }
        double magnitude = switch (body.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> Double.POSITIVE_INFINITY;
            default -> 0;
        };
        if (magnitude == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of("-".equals(sign) ? -magnitude : magnitude);
    }

    /** JSON has no NaN or Infinity; like the payload, a value that is not finite is reported as null. */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
