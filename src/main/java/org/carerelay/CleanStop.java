package org.carerelay;

import sun.misc.Signal;

/**
 * SIGTERM, as a container runtime or a service manager sends it, is a clean stop: the server stops taking requests,
 * finishes those in flight (Spring Boot's graceful shutdown, within {@code spring.lifecycle.timeout-per-shutdown-phase})
 * and exits with status 0. Without this the JVM runs the same shutdown but reports 143, which supervisors read as a
 * crash.
 */
final class CleanStop {

    private CleanStop() {}

    static void onSigterm() {
        Signal.handle(new Signal("TERM"), signal -> {
            Thread stop = new Thread(() -> System.exit(0), "carerelay-stop");
            stop.start();
        });
    }
}
