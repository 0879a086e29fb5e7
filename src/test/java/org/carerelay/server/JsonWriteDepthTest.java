package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class JsonWriteDepthTest {

    @Test
    void theWriteLimitCoversWhatTheOldInputLimitLetIn() {
        assertThat(JsonWriteDepth.forInputDepth(200)).isEqualTo(2_000);
        assertThat(JsonWriteDepth.forInputDepth(1_500)).isEqualTo(3_000);
    }

    @Test
    void aPatientAcceptedUnderTheOldLimitIsWrittenWholeInsideABundle() {
        JsonWriteDepth.raiseTo(JsonWriteDepth.forInputDepth(200));
        // 499 nested extensions: about 1,000 JSON levels alone, more inside a Bundle
        Patient patient = new Patient();
        Extension extension = patient.addExtension().setUrl("http://example.org/n");
        for (int i = 1; i < 499; i++) {
            extension = extension.addExtension().setUrl("http://example.org/n");
        }
        extension.addExtension("http://example.org/leaf", new StringType("bottom"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        bundle.addEntry().setResource(patient);

        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle);

        assertThat(json).endsWith("}]}}]}").contains("\"valueString\":\"bottom\"");
        int depth = 0;
        int deepest = 0;
        for (char c : json.toCharArray()) {
            if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        assertThat(depth).isZero();
        assertThat(deepest).isGreaterThan(1_000);
    }
}
