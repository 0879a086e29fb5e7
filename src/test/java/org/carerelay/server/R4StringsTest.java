package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class R4StringsTest {

    @Test
    void tabLineFeedCarriageReturnAndPairedSurrogatesAreAllowed() {
        assertThat(R4Strings.violation("a\tb\nc\rd \uD83D\uDE00 é")).isNull();
    }

    @Test
    void otherControlCharactersAreNot() {
        assertThat(R4Strings.violation("a\u0000b")).contains("U+0000");
        assertThat(R4Strings.violation("\u001F")).contains("U+001F");
        assertThat(R4Strings.violation("\u0008")).contains("U+0008");
    }

    @Test
    void loneSurrogatesAreNot() {
        assertThat(R4Strings.violation("a\uD800b")).contains("lone surrogate U+D800");
        assertThat(R4Strings.violation("a\uD800")).contains("U+D800");
        assertThat(R4Strings.violation("\uDE00a")).contains("U+DE00");
    }
}
