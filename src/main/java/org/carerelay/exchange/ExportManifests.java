package org.carerelay.exchange;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Completes HAPI's answer to {@code $export-poll-status}: each file of a finished export's manifest gets its
 * {@code count} (resources in the file), and a failed export answers with a manifest whose {@code error} list holds an
 * OperationOutcome saying why, instead of HAPI's 500. While the export runs, {@code Retry-After} says when the job
 * will next have moved on.
 */
final class ExportManifests extends OncePerRequestFilter {

    static final String PATH = "/fhir/$export-poll-status";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REMEMBERED_COUNTS = 10_000;

    private final IJobCoordinator jobs;
    private final DaoRegistry daos;
    private final IBinaryStorageSvc binaryStorage;
    private final ExportErrors errors;
    private final String serverAddress;
    private final String retryAfter;
    /** Counts of the files polled lately (a client polls its manifest more than once); the eldest are forgotten. */
    private final Map<String, Long> counted = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_COUNTS;
        }
    });

    ExportManifests(
            IJobCoordinator jobs,
            DaoRegistry daos,
            IBinaryStorageSvc binaryStorage,
            ExportErrors errors,
            String serverAddress,
            Duration retryAfter) {
        this.retryAfter = String.valueOf(Math.max(1, retryAfter.toSeconds()));
        this.serverAddress =
                serverAddress == null || serverAddress.isBlank() ? null : serverAddress.replaceAll("/$", "");
        this.jobs = jobs;
        this.daos = daos;
        this.binaryStorage = binaryStorage;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getParameter("_jobId") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, answer);
        String jobId = request.getParameter("_jobId");
        if (answer.getStatus() == 202) {
            // HAPI says two minutes; the job moves on every progress-check
            answer.setHeader("Retry-After", retryAfter);
        } else if (answer.getStatus() == 200) {
            rewrite(answer, withCounts(JSON.readTree(answer.getContentAsByteArray())));
        } else if (answer.getStatus() == 500 && failed(jobId) != null) {
            answer.setStatus(200);
            rewrite(answer, failureManifest(failed(jobId), serverBase(request)));
        }
        answer.copyBodyToResponse();
    }

    private static void rewrite(ContentCachingResponseWrapper answer, JsonNode manifest) throws IOException {
        answer.resetBuffer();
        answer.setContentType("application/json");
        answer.getOutputStream().write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    private JsonNode withCounts(JsonNode manifest) {
        for (String list : new String[] {"output", "error"}) {
            if (manifest.get(list) instanceof ArrayNode files) {
                for (JsonNode file : files) {
                    if (file instanceof ObjectNode entry && entry.hasNonNull("url")) {
                        entry.put("count", lines(new IdType(entry.get("url").asText()).toUnqualifiedVersionless()));
                    }
                }
            }
        }
        return manifest;
    }

    /** Resources in an NDJSON file: one per non-empty line. A file never changes, so its count is read once. */
    private long lines(IdType binaryId) {
        return counted.computeIfAbsent(binaryId.getValue(), id -> countLines(binaryId));
    }

    private long countLines(IdType binaryId) {
        Binary binary = daos.getResourceDao(Binary.class).read(binaryId, new SystemRequestDetails());
        try {
            byte[] content = binaryStorage.fetchDataByteArrayFromBinary(binary);
            long lines = 0;
            boolean inLine = false;
            for (byte b : content) {
                if (b == '\n') {
                    lines += inLine ? 1 : 0;
                    inLine = false;
                } else {
                    inLine = true;
                }
            }
            return lines + (inLine ? 1 : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JobInstance failed(String jobId) {
        try {
            JobInstance job = jobs.getInstance(jobId);
            return job.getStatus() == StatusEnum.FAILED ? job : null;
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private JsonNode failureManifest(JobInstance job, String serverBase) {
        BulkExportJobParameters parameters = job.getParameters(BulkExportJobParameters.class);
        String file = errors.write(job.getInstanceId(), parameters, job.getErrorMessage());
        ObjectNode manifest = JSON.createObjectNode();
        Instant started = job.getStartTime() != null
                ? job.getStartTime().toInstant()
                : job.getCreateTime().toInstant();
        manifest.put("transactionTime", started.toString());
        manifest.put("request", parameters.getOriginalRequestUrl());
        manifest.put("requiresAccessToken", true);
        manifest.putArray("output");
        ObjectNode error = manifest.putArray("error").addObject();
        error.put("type", "OperationOutcome");
        error.put("url", serverBase + "/" + file);
        error.put("count", 1);
        return manifest;
    }

    private String serverBase(HttpServletRequest request) {
        if (serverAddress != null) {
            return serverAddress;
        }
        String url = request.getRequestURL().toString();
        return url.substring(0, url.length() - "/$export-poll-status".length());
    }
}
