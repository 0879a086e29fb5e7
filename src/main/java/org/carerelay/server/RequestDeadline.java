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

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private final Duration timeout;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Whole seconds left before the current request's deadline, at least one (JDBC counts in seconds and reads zero
     * as no limit); empty on a thread that serves no request.
     */
    static OptionalInt secondsLeft() {
        Long deadline = DEADLINE_NANOS.get();
        if (deadline == null) {
            return OptionalInt.empty();
        }
        long left = deadline - System.nanoTime();
        return OptionalInt.of((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (timeout.isZero() || timeout.isNegative()) {
            chain.doFilter(request, response);
            return;
        }
        DEADLINE_NANOS.set(System.nanoTime() + timeout.toNanos());
        try {
            chain.doFilter(request, response);
        } finally {
            DEADLINE_NANOS.remove();
        }
    }
}
