package io.ainfinity.job.events;

import org.junit.jupiter.api.Test;

import io.ainfinity.errors.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResumeTest {

    @Test
    void theHeaderWinsOverTheQueryAndNeitherMeansTheStart() {
        assertThat(Resume.from("7", "3")).isEqualTo(7);
        assertThat(Resume.from(null, "3")).isEqualTo(3);
        assertThat(Resume.from(" ", "")).isZero();
    }

    @Test
    void aMalformedValueIsRefusedNamingItsFieldEvenWhenTheOtherWins() {
        assertThatThrownBy(() -> Resume.from("66910", "\u00ed\u00f3"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("after");
        assertThatThrownBy(() -> Resume.from("-1", "3"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Last-Event-ID");
    }
}
