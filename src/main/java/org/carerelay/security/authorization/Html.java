package org.carerelay.security.authorization;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in pages' HTML: plain, small and served by the server itself, every value escaped, one stylesheet, no
 * script. A page may only load from this server and may not be framed (so a form cannot be overlaid by another site).
 */
final class Html {

    private Html() {}

    static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }

    static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · CareRelay</title>"
                + "<link rel=\"stylesheet\" href=\"/auth/style.css\"></head>"
                + "<body><main><h1>" + escape(title) + "</h1>" + body + "</main></body></html>";
        return ResponseEntity.status(status)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                .body(html);
    }

    static ResponseEntity<String> page(String title, String body) {
        return page(HttpStatus.OK, title, body);
    }

    /** The hidden field of Spring Security's CSRF token, for a form posted to this server's pages. */
    static String csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : hidden(token.getParameterName(), token.getToken());
    }

    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>";
    }
}
