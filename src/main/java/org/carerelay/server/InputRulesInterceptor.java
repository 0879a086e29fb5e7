package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * Keeps out what could be stored but not written back, or would cost far more than it looks: bodies nested deeper than
 * {@code max-depth}, strings R4 does not allow, a DOCTYPE, decimals past their bounds. The body is scanned as a
 * stream before HAPI parses it; decimals in XML, whose type only the parsed resource tells, are checked after parsing
 * and before anything indexes them.
 */
@Component
@Interceptor
final class InputRulesInterceptor implements ServerInterceptor {

    private static final Set<RequestTypeEnum> WITH_BODY =
            EnumSet.of(RequestTypeEnum.POST, RequestTypeEnum.PUT, RequestTypeEnum.PATCH);

    private final JsonBodyScan json;
    private final XmlBodyScan xml;
    private final DecimalBounds decimals;

    InputRulesInterceptor(CareRelayProperties properties) {
        CareRelayProperties.Limits limits = properties.limits();
        this.decimals = new DecimalBounds(limits.maxDecimalDigits(), limits.maxDecimalExponent());
        this.json = new JsonBodyScan(limits.maxDepth(), decimals);
        this.xml = new XmlBodyScan(limits.maxDepth());
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void scanBody(RequestDetails request) {
        if (!WITH_BODY.contains(request.getRequestType())) {
            return;
        }
        String contentType = Optional.ofNullable(request.getHeader(Constants.HEADER_CONTENT_TYPE))
                .orElse("")
                .toLowerCase(Locale.ROOT);
        if (contentType.startsWith(Constants.CT_X_FORM_URLENCODED) || contentType.startsWith("multipart/")) {
            return;
        }
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return;
        }
        Optional<BodyRefusal> refusal = Optional.empty();
        if (contentType.contains("json") || (contentType.isEmpty() && firstSignificant(body) == '{')) {
            refusal = json.scan(body);
        } else if (contentType.contains("xml") || (contentType.isEmpty() && firstSignificant(body) == '<')) {
            refusal = xml.scan(body);
        }
        refusal.ifPresent(found -> {
            throw invalid(
                    found.type(),
                    found.location().isEmpty() ? found.message() : found.message() + " (at " + found.location() + ")");
        });
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkDecimals(RequestDetails request) {
        IBaseResource resource = request.getResource();
        if (resource == null) {
            return;
        }
        for (DecimalType decimal :
                request.getFhirContext().newTerser().getAllPopulatedChildElementsOfType(resource, DecimalType.class)) {
            String problem = decimal.getValueAsString() == null ? null : decimals.violation(decimal.getValueAsString());
            if (problem != null) {
                throw invalid(IssueType.VALUE, problem);
            }
        }
    }

    private static int firstSignificant(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b) && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB && (b & 0xFF) != 0xBF) {
                return b;
            }
        }
        return -1;
    }

    private static InvalidRequestException invalid(IssueType type, String message) {
        return new InvalidRequestException(message, OperationOutcomes.error(type, message));
    }
}
