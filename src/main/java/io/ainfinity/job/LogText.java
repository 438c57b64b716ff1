package io.ainfinity.job;

import io.ainfinity.task.SpecRules;

/**
 * Text from outside (a process's message, a value a request carried) made safe for a plain-text log line: control
 * characters are escaped, so a newline in it can never start a forged log line.
 */
final class LogText {

    private LogText() {}

    static String oneLine(String text) {
        if (text == null || !SpecRules.hasControlCharacter(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (SpecRules.isControl(c)) {
                out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : "\\u%04x".formatted(c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
