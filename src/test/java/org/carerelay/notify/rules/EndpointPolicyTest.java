package org.carerelay.notify.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {

    private static final List<String> LOOPBACK = List.of("http://localhost", "http://127.0.0.1");

    /** Names resolve through this table, never through the machine's DNS. */
    private static final Map<String, String> DNS = Map.of(
            "localhost", "127.0.0.1",
            "receiver.example.org", "203.0.113.10",
            "intranet.example.org", "10.0.0.7",
            "metadata.example.org", "169.254.169.254");

    private static EndpointPolicy policy(List<String> allowed) {
        return new EndpointPolicy(
                allowed,
                host -> Optional.ofNullable(DNS.get(host))
                        .map(EndpointPolicyTest::address)
                        .map(List::of)
                        .orElse(List.of()));
    }

    @Test
    void loopbackEndpointsUnderTheDefaultPrefixesAreAllowed() {
        assertThat(policy(LOOPBACK).refusal("http://localhost:9000/hook")).isEmpty();
        assertThat(policy(LOOPBACK).refusal("http://127.0.0.1:9000/hook?x=1")).isEmpty();
        assertThat(policy(LOOPBACK).refusal("http://LOCALHOST/hook")).isEmpty();
    }

    @Test
    void aPrefixMatchesOnlyAtAUrlBoundary() {
        assertThat(policy(LOOPBACK).refusal("http://localhost.example.org/hook"))
                .contains("the endpoint 'http://localhost.example.org/hook' is not under any of"
                        + " carerelay.subscriptions.allowed-endpoints [http://localhost, http://127.0.0.1]");
        assertThat(policy(LOOPBACK).refusal("http://127.0.0.10/hook")).isPresent();
    }

    @Test
    void onlyHttpAndHttpsWithoutCredentialsAreAllowed() {
        List<String> everything = List.of("https://", "http://", "ftp://", "file:");
        assertThat(policy(everything).refusal("ftp://receiver.example.org/x"))
                .contains("the endpoint 'ftp://receiver.example.org/x' is not an http or https URL");
        assertThat(policy(everything).refusal("file:///etc/passwd"))
                .contains("the endpoint 'file:///etc/passwd' is not an http or https URL");
        assertThat(policy(everything).refusal("https://user:secret@receiver.example.org/x"))
                .contains("the endpoint 'https://user:secret@receiver.example.org/x' names no host, or carries"
                        + " credentials in the URL");
        assertThat(policy(everything).refusal("")).contains("a rest-hook subscription needs a channel endpoint");
        assertThat(policy(everything).refusal("http://exa mple.org"))
                .contains("the endpoint 'http://exa mple.org' is not a valid URL");
    }

    @Test
    void aBroadPrefixDoesNotOpenInternalAddressesItDoesNotName() {
        EndpointPolicy broad = policy(List.of("https://", "http://intranet.example.org/hooks"));
        assertThat(broad.refusal("https://receiver.example.org/hook")).isEmpty();
        String internal =
                " is a loopback, private or link-local address that carerelay.subscriptions.allowed-endpoints does"
                        + " not name";
        assertThat(broad.refusal("https://intranet.example.org/hook"))
                .contains("the endpoint 'https://intranet.example.org/hook'" + internal);
        assertThat(broad.refusal("https://metadata.example.org/latest"))
                .contains("the endpoint 'https://metadata.example.org/latest'" + internal);
        assertThat(broad.refusal("https://169.254.169.254/latest"))
                .contains("the endpoint 'https://169.254.169.254/latest'" + internal);
        assertThat(broad.refusal("https://[::1]/hook")).contains("the endpoint 'https://[::1]/hook'" + internal);
        assertThat(broad.refusal("https://[fd00::1]/hook"))
                .contains("the endpoint 'https://[fd00::1]/hook'" + internal);
        assertThat(broad.refusal("http://intranet.example.org/hooks/carerelay")).isEmpty();
    }

    @Property
    void noPrivateIpv4AddressPassesABroadPrefix(
            @ForAll @IntRange(min = 0, max = 255) int b, @ForAll @IntRange(min = 0, max = 255) int c) {
        EndpointPolicy broad = policy(List.of("http://"));
        assertThat(broad.refusal("http://10." + b + "." + c + ".1/x")).isPresent();
        assertThat(broad.refusal("http://192.168." + b + "." + c + "/x")).isPresent();
        assertThat(broad.refusal("http://172." + (16 + b % 16) + "." + c + ".1/x"))
                .isPresent();
        assertThat(broad.refusal("http://127." + b + "." + c + ".1/x")).isPresent();
        assertThat(broad.refusal("http://169.254." + b + "." + c + "/x")).isPresent();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
