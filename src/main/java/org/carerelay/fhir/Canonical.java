package org.carerelay.fhir;

/**
 * The one canonical base of every CareRelay CodeSystem, OperationDefinition and extension. These URLs are public API:
 * once released they never change.
 */
public final class Canonical {

    public static final String BASE = "https://carerelay.org/fhir";

    private Canonical() {}

    public static String codeSystem(String name) {
        return BASE + "/CodeSystem/" + name;
    }

    public static String operationDefinition(String name) {
        return BASE + "/OperationDefinition/" + name;
    }

    public static String searchParameter(String name) {
        return BASE + "/SearchParameter/" + name;
    }
}
