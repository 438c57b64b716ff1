package io.ainfinity.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the parser to the fixture the payload's tests also read ({@code train/tests/test_fixture.py}): real lines of a
 * training run, each followed by a {@code #> } line saying what the payload's parser makes of it ({@code null}: not a
 * metric line).
 */
class MetricLineFixtureTest {

    private static final Path FIXTURE = Path.of("train/tests/fixtures/metric_lines.txt");
    private static final String EXPECT = "#> ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the payload's parser makes of a metric line. */
    record Expectation(String kind, long step, List<String> keys) {}

    /** @param expected null where the line is not a metric line */
    record Case(int lineNumber, String line, Expectation expected) {}

    @Test
    void everyFixtureLineParsesToTheKindStepAndKeysThePayloadExpects() throws IOException {
        List<Case> cases = cases();

        assertThat(cases).hasSizeGreaterThanOrEqualTo(8);
        for (Case c : cases) {
            Optional<MetricLine> parsed = MetricLineParser.parse(c.line());
            if (c.expected() == null) {
                assertThat(parsed)
                        .as("line %d is not a metric: %s", c.lineNumber(), c.line())
                        .isEmpty();
                continue;
            }
            assertThat(parsed).as("line %d: %s", c.lineNumber(), c.line()).isPresent();
            MetricLine line = parsed.get();
            assertThat(line.kind().wireName())
                    .as("kind of line %d", c.lineNumber())
                    .isEqualTo(c.expected().kind());
            assertThat(line.step())
                    .as("step of line %d", c.lineNumber())
                    .isEqualTo(c.expected().step());
            assertThat(new TreeSet<>(line.values().keySet()))
                    .as("keys of line %d", c.lineNumber())
                    .containsExactlyElementsOf(c.expected().keys());
        }
    }

    @Test
    void theFixtureCoversEveryKindAndTheTrainersOwnDicts() throws IOException {
        List<Case> cases = cases();

        assertThat(cases.stream()
                        .flatMap(c -> MetricLineParser.parse(c.line()).stream())
                        .map(MetricLine::kind))
                .contains(MetricKind.values());
        assertThat(cases.stream().filter(c -> c.line().startsWith("{")))
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(c -> assertThat(c.expected()).as(c.line()).isNull());
    }

    private static List<Case> cases() throws IOException {
        List<String> lines = Files.readAllLines(FIXTURE, StandardCharsets.UTF_8);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            assertThat(next).as("line %d is followed by its expectation", i + 1).startsWith(EXPECT);
            cases.add(new Case(i + 1, line, JSON.readValue(next.substring(EXPECT.length()), Expectation.class)));
        }
        return cases;
    }
}
