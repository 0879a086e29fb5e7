package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

class BodyScanTest {

    private final JsonBodyScan json = new JsonBodyScan(6, new DecimalBounds(32, 100));
    private final XmlBodyScan xml = new XmlBodyScan(3);

    @Test
    void jsonAtTheDepthLimitPassesAndOneLevelMoreIsRefused() {
        assertThat(json.scan(bytes("{\"a\":[{\"b\":[{\"c\":[]}]}]}"))).isEmpty();

        assertThat(json.scan(bytes("{\"a\":[{\"b\":[{\"c\":[{}]}]}]}"))).hasValueSatisfying(refusal -> {
            assertThat(refusal.type()).isEqualTo(IssueType.STRUCTURE);
            assertThat(refusal.message()).contains("deeper than 6 levels");
        });
    }

    @Test
    void jsonStringsAndFieldNamesFollowR4sCharacterRules() {
        assertThat(json.scan(bytes("{\"name\":[{\"family\":\"a\\u0001\"}]}")))
                .hasValueSatisfying(refusal -> assertThat(refusal.location()).isEqualTo("/name/0/family"));
        assertThat(json.scan(bytes("{\"na\\u0000me\":1}"))).isPresent();
    }

    @Test
    void jsonNumbersAreHeldToTheDecimalBounds() {
        assertThat(json.scan(bytes("{\"value\":1e400}"))).hasValueSatisfying(refusal -> {
            assertThat(refusal.type()).isEqualTo(IssueType.VALUE);
            assertThat(refusal.location()).isEqualTo("/value");
        });
        assertThat(json.scan(bytes("{\"value\":123456789.123456789}"))).isEmpty();
    }

    @Test
    void malformedJsonIsLeftToHapi() {
        assertThat(json.scan(bytes("{\"a\":"))).isEmpty();
    }

    @Test
    void xmlWithADoctypeIsRefused() {
        assertThat(xml.scan(bytes("<!DOCTYPE Patient><Patient xmlns=\"http://hl7.org/fhir\"/>")))
                .hasValueSatisfying(refusal -> assertThat(refusal.type()).isEqualTo(IssueType.SECURITY));
    }

    @Test
    void xmlAtTheDepthLimitPassesAndOneLevelMoreIsRefused() {
        assertThat(xml.scan(bytes("<a><b><c/></b></a>"))).isEmpty();
        assertThat(xml.scan(bytes("<a><b><c><d/></c></b></a>")))
                .hasValueSatisfying(refusal -> assertThat(refusal.message()).contains("deeper than 3 elements"));
    }

    @Test
    void malformedXmlIsLeftToHapi() {
        assertThat(xml.scan(bytes("<a><b></a>"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
