package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    private static final String SEARCH = "0d8c4c8e-0000-4000-8000-000000000000";

    @Test
    void aCursorReadsBackAsWritten() {
        Cursor cursor = new Cursor(SEARCH, 140, 64, List.of(77, 90, 139));

        assertThat(cursor.toString()).isEqualTo(SEARCH + ".140.64.77_90_139");
        assertThat(Cursor.parse(cursor.toString())).isEqualTo(cursor);
        assertThat(Cursor.parse(SEARCH + ".20.8")).isEqualTo(new Cursor(SEARCH, 20, 8, List.of()));
    }

    @Test
    void aCursorWithoutABatchReadsThePageSize() {
        assertThat(Cursor.parse(SEARCH + ".20")).isEqualTo(new Cursor(SEARCH, 20, 0, List.of()));
        assertThat(new Cursor(SEARCH, 20, 0, List.of()).toString()).isEqualTo(SEARCH + ".20");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not-a-cursor",
                "abc.-4",
                ".4",
                "abc.4.",
                "abc.4.101",
                "abc.4.-1",
                "abc.4.2.",
                "abc.4.2.x",
                "abc.4.2.3_3",
                "abc.4.2.3_1",
                "abc.4.2.4",
                "abc.400.2.1",
                "abc.4.2.1.0",
                "abc.99999999999"
            })
    void anythingElseIsRefusedWithAnOutcome(String value) {
        InvalidRequestException refused =
                catchThrowableOfType(InvalidRequestException.class, () -> Cursor.parse(value));

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getOperationOutcome()).isNotNull();
        assertThat(refused.getMessage())
                .isEqualTo("_cursor '" + value + "' is not a cursor of this server; take the next link of the previous"
                        + " page as it is");
    }
}
