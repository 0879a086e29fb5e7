package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.carerelay.fhir.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One INFO line per FHIR request, on logger {@code carerelay.requests}: method, path and query, status, duration in
 * milliseconds and the authenticated client (when security is on), as {@code GET /fhir/Patient?name=x 200 12 ms
 * client=my-app}. An {@code access_token} in the query is blanked; a bearer token is never logged.
 */
@Component
@Interceptor
final class RequestLog implements ServerInterceptor {

    static final Logger LOG = LoggerFactory.getLogger("carerelay.requests");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("(access_token=)[^&]*");

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(RequestDetails request, ServletRequestDetails servlet) {
        if (!LOG.isInfoEnabled() || servlet == null || servlet.getServletRequest() == null) {
            return;
        }
        HttpServletRequest http = servlet.getServletRequest();
        String query = http.getQueryString() == null
                ? ""
                : "?" + ACCESS_TOKEN.matcher(http.getQueryString()).replaceAll("$1***");
        int status = servlet.getServletResponse() == null
                ? 0
                : servlet.getServletResponse().getStatus();
        long millis = request.getRequestStopwatch() == null
                ? 0
                : request.getRequestStopwatch().getMillis();
        String client = Caller.of(request).map(c -> " client=" + c.client()).orElse("");
        LOG.info("{} {}{} {} {} ms{}", http.getMethod(), http.getRequestURI(), query, status, millis, client);
    }
}
