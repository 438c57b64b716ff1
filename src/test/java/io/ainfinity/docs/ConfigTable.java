package io.ainfinity.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown table of settings, as the README writes it: the first column names one or more properties or environment
 * variables in code spans, the second documents their default. A default cell that starts with a code span documents
 * that value; anything else (such as "(none)" or "(none: what happens instead)") documents that there is none.
 */
final class ConfigTable {

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]*)`");

    /** @param line where the row is in the file, 1-based */
    record Row(int line, List<String> names, Optional<String> documentedDefault) {}

    private ConfigTable() {}

    /** Name → its row, from the first table after the heading {@code heading}; a name documented twice fails. */
    static Map<String, Row> read(Path markdown, String heading) throws IOException {
        List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(markdown + " has no heading '" + heading + "'");
        }
        while (at < lines.size() && !lines.get(at).startsWith("|")) {
            at++;
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        // The header row and the separator row come first.
        for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            if (cells.size() < 2) {
                throw new IllegalStateException("%s:%d: not a row of the table".formatted(markdown, i + 1));
            }
            List<String> names = codeSpans(cells.get(0));
            if (names.isEmpty()) {
                throw new IllegalStateException("%s:%d: no property named in the row".formatted(markdown, i + 1));
            }
            String documented = cells.get(1).strip();
            Optional<String> value = documented.startsWith("`")
                    ? Optional.of(codeSpans(documented).get(0))
                    : Optional.empty();
            Row row = new Row(i + 1, names, value);
            for (String name : names) {
                Row earlier = rows.put(name, row);
                if (earlier != null) {
                    throw new IllegalStateException("%s: %s is documented twice, lines %d and %d"
                            .formatted(markdown, name, earlier.line(), row.line()));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(markdown + " has no table under '" + heading + "'");
        }
        return rows;
    }

    /** The cells of a row; a pipe inside a code span belongs to the cell. */
    static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        for (char c : inner.toCharArray()) {
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '|' && !inCode) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE_SPAN.matcher(text);
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }
}
