package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class UnknownElementPolicyTest {

    private final IParser parser =
            FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new UnknownElementPolicy());

    @Test
    void unknownElementIsRefusedByName() {
        assertThatThrownBy(() -> parser.parseResource(Patient.class, "{\"resourceType\":\"Patient\",\"shoeSize\":44}"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Unknown element 'shoeSize'");
    }

    @Test
    void knownElementsAndExtensionsAreAccepted() {
        Patient patient = parser.parseResource(
                Patient.class,
                "{\"resourceType\":\"Patient\",\"active\":true,"
                        + "\"extension\":[{\"url\":\"http://example.org/x\",\"valueString\":\"kept\"}]}");

        assertThat(patient.getActive()).isTrue();
        assertThat(patient.getExtensionByUrl("http://example.org/x").getValue().primitiveValue())
                .isEqualTo("kept");
    }

    @Test
    void invalidPrimitiveValueIsStillAnError() {
        assertThatThrownBy(() -> parser.parseResource(
                        Patient.class, "{\"resourceType\":\"Patient\",\"birthDate\":\"not-a-date\"}"))
                .isInstanceOf(DataFormatException.class);
    }
}
