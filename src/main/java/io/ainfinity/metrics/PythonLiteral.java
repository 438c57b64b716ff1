package io.ainfinity.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ainfinity.metrics.PythonScanner.Malformed;

/**
 * Reads the subset of Python literal syntax that {@code str(dict)} prints: dicts with string keys, lists and tuples
 * (both become lists), single- or double-quoted strings with Python's escapes, ints, floats, {@code None},
 * {@code True} and {@code False}. Anything else (names such as {@code nan}, calls, trailing text) is refused, as
 * Python's {@code ast.literal_eval} refuses it, so both sides agree on which lines carry metrics. Sets and dict keys
 * other than strings, which no Trainer prints, are refused as well, although {@code literal_eval} would take them.
 */
final class PythonLiteral {

    private static final int MAX_DEPTH = 16;

    private final PythonScanner in;

    private PythonLiteral(String text) {
        this.in = new PythonScanner(text);
    }

    /** The dict the text holds, keys in order; empty when the text is anything but one well-formed dict. */
    static Optional<Map<String, Object>> parseDict(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        try {
            if (parser.in.peek() != '{') {
                return Optional.empty();
            }
            Map<String, Object> dict = parser.dict(1);
            return parser.in.atEnd() ? Optional.of(dict) : Optional.empty();
        } catch (Malformed e) {
            return Optional.empty();
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed();
        }
        char c = in.peek();
        return switch (c) {
            case '{' -> dict(depth + 1);
            case '[' -> list(depth + 1);
            case '(' -> tuple(depth + 1);
            case '\'', '"' -> in.string();
            default -> c == '-' || c == '+' || c == '.' || Character.isDigit(c) ? in.number() : in.constant();
        };
    }

    private Map<String, Object> dict(int depth) {
        in.expect('{');
        Map<String, Object> dict = new LinkedHashMap<>();
        while (in.peek() != '}') {
            String key = in.string();
            in.expect(':');
            dict.put(key, value(depth));
            if (!in.accept(',')) {
                break;
            }
        }
        in.expect('}');
        return dict;
    }

    private List<Object> list(int depth) {
        in.expect('[');
        List<Object> list = new ArrayList<>();
        while (in.peek() != ']') {
            list.add(value(depth));
            if (!in.accept(',')) {
                break;
            }
        }
        in.expect(']');
        return list;
    }

    /** {@code (1, 2)} and {@code (1,)} are tuples; {@code (1)} is just 1 in parentheses. */
    private Object tuple(int depth) {
        in.expect('(');
        List<Object> items = new ArrayList<>();
        boolean comma = false;
        while (in.peek() != ')') {
            items.add(value(depth));
            if (!in.accept(',')) {
                break;
            }
            comma = true;
        }
        in.expect(')');
        return items.size() == 1 && !comma ? items.get(0) : items;
    }
}
