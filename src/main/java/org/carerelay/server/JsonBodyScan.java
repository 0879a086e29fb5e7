package org.carerelay.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * One streaming pass over a JSON body before HAPI builds a tree of it: nesting depth, strings against R4's character
 * rules, and numbers against the decimal bounds. Malformed JSON is left to HAPI's parser, which says what is wrong.
 */
final class JsonBodyScan {

    // The same leniency as HAPI's own reader, so that what HAPI accepts is scanned to the end.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private final int maxDepth;
    private final DecimalBounds decimals;

    JsonBodyScan(int maxDepth, DecimalBounds decimals) {
        this.maxDepth = maxDepth;
        this.decimals = decimals;
    }

    Optional<BodyRefusal> scan(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                String problem = null;
                IssueType type = IssueType.VALUE;
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > maxDepth) {
                            type = IssueType.STRUCTURE;
                            problem = "the body is nested deeper than " + maxDepth
                                    + " levels (carerelay.limits.max-depth)";
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME, VALUE_STRING -> problem = R4Strings.violation(parser.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> problem = decimals.violation(parser.getText());
                    default -> {}
                }
                if (problem != null) {
                    // at the depth limit the path is hundreds of steps long and says nothing a reader can use
                    String where = type == IssueType.STRUCTURE
                            ? ""
                            : parser.getParsingContext().pathAsPointer().toString();
                    return Optional.of(new BodyRefusal(type, problem, where));
                }
            }
        } catch (IOException malformed) {
            // HAPI's parser reports it
        }
        return Optional.empty();
    }
}
