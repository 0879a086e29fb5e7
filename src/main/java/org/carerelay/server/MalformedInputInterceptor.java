package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * A value HAPI cannot parse (a date that does not exist, a malformed prefix) is the client's mistake, and HAPI answers
 * it 400; but it builds that answer's OperationOutcome in a branch that also logs the failure at ERROR with its stack
 * trace. Answering with the OperationOutcome already attached keeps ERROR for what an operator must act on; the
 * request log still records the 400. The answer names the parameter that holds the value, where one does.
 */
@Component
@Interceptor
final class MalformedInputInterceptor implements ServerInterceptor {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException malformedInputIsBadRequest(RequestDetails request, Throwable thrown) {
        if (!(thrown instanceof DataFormatException malformed)) {
            return null;
        }
        String message = malformed.getMessage() == null ? "The request could not be parsed" : malformed.getMessage();
        Optional<String> parameter = parameterHolding(request, message);
        if (parameter.isPresent()) {
            message = "Parameter '" + parameter.get() + "': " + message;
        }
        return new InvalidRequestException(
                message,
                OperationOutcomes.error(
                        IssueType.INVALID, message, parameter.stream().toArray(String[]::new)));
    }

    /** HAPI's message quotes the value it could not read; the one parameter whose value holds it is named. */
    private static Optional<String> parameterHolding(RequestDetails request, String message) {
        Matcher quoted = QUOTED.matcher(message);
        if (request == null
                || request.getParameters() == null
                || !quoted.find()
                || quoted.group(1).isEmpty()) {
            return Optional.empty();
        }
        String value = quoted.group(1);
        List<String> names = request.getParameters().entrySet().stream()
                .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(v -> v != null && v.contains(value)))
                .map(Map.Entry::getKey)
                .toList();
        return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
    }
}
