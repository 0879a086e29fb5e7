package org.carerelay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A port the system picked as free, for a test server whose public address must be known before it starts (the
 * built-in authorization server names itself in every token). {@link TestIsolation} admits only such ports.
 */
public final class ReservedPort {

    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

    private ReservedPort() {}

    public static int reserve() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            int port = socket.getLocalPort();
            RESERVED.add(port);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
