package org.carerelay.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured size with 413 before HAPI reads them. A declared Content-Length is
 * checked up front; a chunked body is read up to the limit and handed on from memory; a gzip body is inflated up to
 * the limit and handed on plain. Any other Content-Encoding is refused with 415.
 */
final class RequestSizeFilter extends OncePerRequestFilter {

    private final FhirContext fhirContext;
    private final long maxBytes;

    RequestSizeFilter(FhirContext fhirContext, long maxBytes) {
        this.fhirContext = fhirContext;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuseSize(response);
            return;
        }
        String encoding = request.getHeader(Constants.HEADER_CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            inflate(request, response, chain, encoding.trim());
            return;
        }
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (!chunked) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
        if (body.length > maxBytes) {
            refuseSize(response);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    /**
     * HAPI would inflate a gzip body whole into memory before any limit applies (24 KB can inflate to gigabytes).
     * It is inflated here instead, at most up to the limit, and handed on plain.
     */
    private void inflate(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String encoding)
            throws ServletException, IOException {
        if (!"gzip".equalsIgnoreCase(encoding) && !"x-gzip".equalsIgnoreCase(encoding)) {
            refuse(
                    response,
                    415,
                    IssueType.NOTSUPPORTED,
                    "Content-Encoding '" + encoding + "' is not supported; send the body plain or gzip-compressed");
            return;
        }
        byte[] body;
        try {
            body = readAtMost(new GZIPInputStream(request.getInputStream()), maxBytes + 1);
        } catch (ZipException | EOFException e) {
            refuse(response, 400, IssueType.INVALID, "Content-Encoding is gzip, but the body is not valid gzip data");
            return;
        }
        if (body.length > maxBytes) {
            refuseSize(response);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void refuseSize(HttpServletResponse response) throws IOException {
        refuse(
                response,
                413,
                IssueType.TOOLONG,
                "Request body exceeds the maximum of " + maxBytes
                        + " bytes (carerelay.limits.max-request-size), counted after decompression");
    }

    private void refuse(HttpServletResponse response, int status, IssueType type, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(Constants.CT_FHIR_JSON_NEW + ";charset=UTF-8");
        response.getWriter()
                .write(fhirContext.newJsonParser().encodeResourceToString(OperationOutcomes.error(type, message)));
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while (out.size() < limit
                && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - out.size()))) != -1) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        // The body handed on is plain, whatever encoding it arrived in.
        @Override
        public String getHeader(String name) {
            return Constants.HEADER_CONTENT_ENCODING.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Constants.HEADER_CONTENT_ENCODING.equalsIgnoreCase(name)
                    ? Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(Constants.HEADER_CONTENT_ENCODING::equalsIgnoreCase);
            return Collections.enumeration(names);
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(
                    new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
        }
    }
}
