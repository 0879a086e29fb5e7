package org.carerelay.server;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * The parser policy: an element or attribute that R4 does not define is refused (400), not silently dropped, because
 * a server that drops what a client sent loses data without telling anyone. Everything else stays lenient as in stock
 * HAPI (an invalid primitive value is still an error).
 */
final class UnknownElementPolicy extends LenientErrorHandler {

    UnknownElementPolicy() {
        super(false);
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
        throw new DataFormatException("Unknown element '" + elementName + "'" + where(location)
                + ": R4 does not define it, and CareRelay refuses data it would have to drop");
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
        throw new DataFormatException("Unknown attribute '" + attributeName + "'" + where(location)
                + ": R4 does not define it, and CareRelay refuses data it would have to drop");
    }

    private static String where(IParseLocation location) {
        if (location == null || location.getParentElementName() == null) {
            return "";
        }
        return " in element '" + location.getParentElementName() + "'";
    }
}
