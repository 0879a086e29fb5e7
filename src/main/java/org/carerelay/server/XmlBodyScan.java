package org.carerelay.server;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * One streaming pass over an XML body before HAPI parses it: a DOCTYPE is refused outright (FHIR never needs one, and
 * it is how entity attacks begin), then nesting depth and strings against R4's character rules. Decimals are checked
 * once HAPI has parsed the resource, where their type is known. Malformed XML is left to HAPI's parser.
 */
final class XmlBodyScan {

    private static final XMLInputFactory XML = factory();

    private final int maxDepth;

    XmlBodyScan(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    Optional<BodyRefusal> scan(byte[] body) {
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                int depth = 0;
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamReader.DTD) {
                        return refuse(IssueType.SECURITY, "XML with a DOCTYPE is refused: FHIR needs none", reader);
                    }
                    if (event == XMLStreamReader.END_ELEMENT) {
                        depth--;
                    } else if (event == XMLStreamReader.START_ELEMENT) {
                        if (++depth > maxDepth) {
                            return refuse(
                                    IssueType.STRUCTURE,
                                    "the body is nested deeper than " + maxDepth
                                            + " elements (carerelay.limits.max-depth)",
                                    reader);
                        }
                        for (int i = 0; i < reader.getAttributeCount(); i++) {
                            String problem = R4Strings.violation(reader.getAttributeValue(i));
                            if (problem != null) {
                                return refuse(IssueType.VALUE, problem, reader);
                            }
                        }
                    } else if (event == XMLStreamReader.CHARACTERS) {
                        String problem = R4Strings.violation(reader.getText());
                        if (problem != null) {
                            return refuse(IssueType.VALUE, problem, reader);
                        }
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException malformed) {
            // HAPI's parser reports it
        }
        return Optional.empty();
    }

    private static Optional<BodyRefusal> refuse(IssueType type, String message, XMLStreamReader reader) {
        return Optional.of(
                new BodyRefusal(type, message, "line " + reader.getLocation().getLineNumber()));
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // The DOCTYPE is reported as an event and refused; nothing in it is ever read or expanded.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }
}
