package org.carerelay.notify.rules;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a rest-hook may send notifications: an http(s) URL that starts with one of the allowed prefixes (at a boundary:
 * {@code http://localhost} allows {@code http://localhost:9000/hook}, not {@code http://localhost.example.org}). A host
 * that is or resolves to a loopback, private or link-local address must be named by the matching prefix itself, so
 * that a broad prefix such as {@code https://} never opens the internal network.
 */
public final class EndpointPolicy {

    private final List<String> allowed;
    private final Function<String, List<InetAddress>> resolver;

    public EndpointPolicy(List<String> allowed) {
        this(allowed, EndpointPolicy::resolve);
    }

    EndpointPolicy(List<String> allowed, Function<String, List<InetAddress>> resolver) {
        this.allowed =
                allowed.stream().map(prefix -> prefix.toLowerCase(Locale.ROOT)).toList();
        this.resolver = resolver;
    }

    /** Why the endpoint is refused, or empty when notifications may go there. */
    public Optional<String> refusal(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.of("a rest-hook subscription needs a channel endpoint");
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            return Optional.of("the endpoint '" + endpoint + "' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("the endpoint '" + endpoint + "' is not an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("the endpoint '" + endpoint + "' names no host, or carries credentials in the URL");
        }
        String normalized = uri.toString().toLowerCase(Locale.ROOT);
        Optional<String> prefix =
                allowed.stream().filter(p -> startsAtBoundary(normalized, p)).findFirst();
        if (prefix.isEmpty()) {
            return Optional.of("the endpoint '" + endpoint + "' is not under any of carerelay.subscriptions"
                    + ".allowed-endpoints " + allowed);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        boolean named = prefix.get().contains("//" + host);
        if (!named && addresses(host).stream().anyMatch(EndpointPolicy::internal)) {
            return Optional.of("the endpoint '" + endpoint + "' is a loopback, private or link-local address that"
                    + " carerelay.subscriptions.allowed-endpoints does not name");
        }
        return Optional.empty();
    }

    /** An address literal is read as written (no DNS); a name is resolved. */
    private List<InetAddress> addresses(String host) {
        if (host.startsWith("[") || host.matches("[0-9.]+")) {
            try {
                return List.of(InetAddress.getByName(host.replace("[", "").replace("]", "")));
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        return resolver.apply(host);
    }

    private static boolean startsAtBoundary(String url, String prefix) {
        if (!url.startsWith(prefix)) {
            return false;
        }
        if (url.length() == prefix.length() || prefix.endsWith("/") || prefix.endsWith("://")) {
            return true;
        }
        char next = url.charAt(prefix.length());
        return next == '/' || next == ':' || next == '?';
    }

    private static boolean internal(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        return address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || uniqueLocalV6;
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            // not resolvable now: delivery retries later; the prefix list is what guards it
            return List.of();
        }
    }
}
