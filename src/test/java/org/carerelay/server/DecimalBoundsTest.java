package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalBoundsTest {

    private final DecimalBounds bounds = new DecimalBounds(32, 100);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0",
                "0.000",
                "1",
                "-1",
                "+1",
                "123456789.123456789",
                "1234567890123456789012345678901.2",
                "1e100",
                "9.99e100",
                "1e-100",
                "0.5",
                ".5",
                "1.",
                "5E+3",
                "0.0000000001",
                "1.0000000000000000000000000000000"
            })
    void withinTheBounds(String text) {
        assertThat(bounds.violation(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1e1000000",
                "1e400",
                "-1E-400",
                "1e101",
                "10e100",
                "0.01e-99",
                "1e9999999999",
                "1e+9999999999",
                "123456789012345678901234567890123",
                "1.00000000000000000000000000000000",
                "100000000000000000000000000000000"
            })
    void beyondTheBounds(String text) {
        assertThat(bounds.violation(text))
                .contains("carerelay.limits.max-decimal-digits")
                .contains("carerelay.limits.max-decimal-exponent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "abc", "2023-01-01", "1e", "e5", "1.5e+", "12abc", "."})
    void notADecimalIsNotItsBusiness(String text) {
        assertThat(bounds.violation(text)).isNull();
    }
}
