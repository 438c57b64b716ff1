package io.ainfinity.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void aValueCanNeverStartALogLineOfItsOwn() {
        assertThat(LogText.oneLine("bad\n127.0.0.1 GET /x 200\r\u0000\u2028end"))
                .isEqualTo("bad\\n127.0.0.1 GET /x 200\\r\\u0000\\u2028end")
                .doesNotContain("\n");
        assertThat(LogText.oneLine("plain text")).isEqualTo("plain text");
        assertThat(LogText.oneLine(null)).isNull();
    }
}
