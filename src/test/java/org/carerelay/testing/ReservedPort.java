package org.carerelay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port the system picked as free, for a test server whose public address must be known before it starts (the
 * built-in authorization server names itself in every token). {@link TestIsolation} admits only such ports.
 */
public final class ReservedPort {

    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();
    private static final Random RANDOM = new Random();

    private ReservedPort() {}

    /**
     * A free port below the system's range of ephemeral ports where it has one (Linux), so that no client connection
     * the tests open in the meantime can be given it before its server binds it (a port the system picked as free is
     * one of those, and was taken by a connection now and then: "Address already in use").
     */
    public static int reserve() {
        int below = ephemeralFrom();
        for (int attempt = 0; attempt < 200 && below > 10_000; attempt++) {
            int port = 10_000 + RANDOM.nextInt(below - 10_000);
            if (!RESERVED.contains(port) && free(port)) {
                RESERVED.add(port);
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            int port = socket.getLocalPort();
            RESERVED.add(port);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralFrom() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean reserved(String port) {
        try {
            return RESERVED.contains(Integer.parseInt(port.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
