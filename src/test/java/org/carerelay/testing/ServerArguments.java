package org.carerelay.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a server a test starts itself, as an operator starts one: the test's database properties, and
 * ports that outrank {@code hapi.application.yaml} ({@code 0}: any free port; the management port always so).
 */
public final class ServerArguments {

    private ServerArguments() {}

    public static String[] of(Map<String, String> database, int port) {
        List<String> arguments = new ArrayList<>();
        database.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        arguments.add("--server.port=" + port);
        arguments.add("--management.server.port=0");
        return arguments.toArray(String[]::new);
    }
}
