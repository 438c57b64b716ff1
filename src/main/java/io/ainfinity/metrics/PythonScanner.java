package io.ainfinity.metrics;

import java.math.BigInteger;

/**
 * The tokens of Python literals, read from a position in one line: strings with Python's escapes, ints, floats and
 * the constants {@code None}, {@code True} and {@code False}. {@link PythonLiteral} puts them together.
 */
final class PythonScanner {

    private final String text;
    private int pos;

    PythonScanner(String text) {
        this.text = text;
    }

    boolean atEnd() {
        skipSpace();
        return pos == text.length();
    }

    /** The next character after spaces, without consuming it; {@code '\0'} at the end. */
    char peek() {
        skipSpace();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    void expect(char c) {
        if (peek() != c) {
            throw new Malformed();
        }
        pos++;
    }

    /** Consumes {@code c} if it comes next. */
    boolean accept(char c) {
        if (peek() != c) {
            return false;
        }
        pos++;
        return true;
    }

    String string() {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw new Malformed();
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\') {
                escape(out);
            } else {
                out.append(c);
            }
        }
    }

    Object number() {
        peek();
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && "0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            char c = text.charAt(pos++);
            if ((c == 'e' || c == 'E') && pos < text.length() && "+-".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }
        String digits = text.substring(digitsStart, pos);
        if (!PythonNumbers.isDecimal(digits)) {
            throw new Malformed();
        }
        String token = text.substring(start, pos);
        if (digits.matches("[0-9]+")) {
            if (digits.length() > 1 && digits.startsWith("0") && !digits.matches("0+")) {
                // Python 3 refuses leading zeros on ints ("007").
                throw new Malformed();
            }
            BigInteger big = new BigInteger(token);
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        return PythonNumbers.finiteOrNull(Double.parseDouble(token));
    }

    /** {@code None} (as null), {@code True} or {@code False}; any other name is refused. */
    Object constant() {
        peek();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return switch (text.substring(start, pos)) {
            case "None" -> null;
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            default -> throw new Malformed();
        };
    }

    private void escape(StringBuilder out) {
        char e = next();
        switch (e) {
            case '\\', '\'', '"' -> out.append(e);
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hex(2));
            case 'u' -> out.appendCodePoint(hex(4));
            case 'U' -> out.appendCodePoint(hex(8));
            case '0', '1', '2', '3', '4', '5', '6', '7' -> out.appendCodePoint(octal(e));
            // Python keeps an unknown escape as it is written.
            default -> out.append('\\').append(e);
        }
    }

    private int octal(char first) {
        int code = first - '0';
        for (int i = 0; i < 2 && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '7'; i++) {
            code = code * 8 + (text.charAt(pos++) - '0');
        }
        return code;
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw new Malformed();
        }
        String hex = text.substring(pos, pos + digits);
        pos += digits;
        try {
            int code = Integer.parseUnsignedInt(hex, 16);
            if (!Character.isValidCodePoint(code) || hex.startsWith("+")) {
                throw new Malformed();
            }
            return code;
        } catch (NumberFormatException e) {
            throw new Malformed();
        }
    }

    private char next() {
        if (pos >= text.length()) {
            throw new Malformed();
        }
        return text.charAt(pos++);
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** Not a literal. Carries no message or stack: callers only learn that the line is not a metric line. */
    static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }
}
