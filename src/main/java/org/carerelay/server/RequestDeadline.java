package org.carerelay.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The deadline of the request the current thread serves ({@code carerelay.limits.request-timeout}). HAPI runs a
 * request's searches, reads and writes on the request's own thread, so a thread-bound deadline reaches every statement
 * the request runs; threads that serve no request (schema migration, batch jobs, schedulers) have none and are never
 * cut short.
 */
final class RequestDeadline extends OncePerRequestFilter {

    static final String SETTING = "carerelay.limits.request-timeout";

    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

    private final Duration timeout;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Whole seconds left before the current request's deadline, at least one (JDBC counts in seconds and reads zero
     * as no limit); empty on a thread that serves no request.
     */
    static OptionalInt secondsLeft() {
        Request request = CURRENT.get();
        if (request == null || request.deadlineNanos == null) {
            return OptionalInt.empty();
        }
        long left = request.deadlineNanos - System.nanoTime();
        return OptionalInt.of((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean limited = !timeout.isZero() && !timeout.isNegative();
        CURRENT.set(new Request(limited ? System.nanoTime() + timeout.toNanos() : null));
        try {
            chain.doFilter(request, response);
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Notes that the current request found the database unreachable; its later attempts to connect then fail at once
     * (see {@link #databaseFoundUnreachable()}), so that the request is answered after one wait, not one per attempt.
     */
    static void databaseUnreachable() {
        Request request = CURRENT.get();
        if (request != null) {
            request.databaseUnreachable = true;
        }
    }

    static boolean databaseFoundUnreachable() {
        Request request = CURRENT.get();
        return request != null && request.databaseUnreachable;
    }

    private static final class Request {

        private final Long deadlineNanos;
        private boolean databaseUnreachable;

        private Request(Long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }
}
