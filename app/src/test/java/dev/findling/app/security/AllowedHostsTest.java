package dev.findling.app.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedHostsTest {

    @Test
    void loopbackConfiguredOriginAndSpecificServerAddressAreAllowed() {
        AllowedHosts hosts = new AllowedHosts(List.of("photos.example.org", "[fd00::5]"),
                List.of("https://proxy.example.org:8443"), "192.168.1.20");
        assertThat(hosts.allows("localhost:8080")).isTrue();
        assertThat(hosts.allows("127.0.0.1")).isTrue();
        assertThat(hosts.allows("[::1]:8080")).isTrue();
        assertThat(hosts.allows("Photos.Example.Org.:80")).isTrue();
        assertThat(hosts.allows("[FD00::5]:8080")).isTrue();
        assertThat(hosts.allows("proxy.example.org")).isTrue();
        assertThat(hosts.allows("192.168.1.20:8080")).isTrue();

        assertThat(hosts.allows("evil.example:8080")).isFalse();
        assertThat(hosts.allows("localhost.evil.example")).isFalse();
        assertThat(hosts.allows("::1")).as("an unbracketed IPv6 literal is not a Host").isFalse();
        assertThat(hosts.allows("[::1")).isFalse();
        assertThat(hosts.allows("")).isFalse();
    }

    @Test
    void aWildcardServerAddressAddsNothing() {
        AllowedHosts hosts = new AllowedHosts(List.of(), List.of(), "0.0.0.0");
        assertThat(hosts.names()).containsExactlyInAnyOrder("localhost", "127.0.0.1", "::1");
        assertThat(hosts.allows("0.0.0.0:8080")).isFalse();
    }

    @Test
    void aHostWithSchemeOrPortIsAConfigurationError() {
        for (String bad : new String[]{"https://photos.example.org", "photos.example.org:8080", "fd00::5", ""}) {
            assertThatThrownBy(() -> new SecurityProperties(null, List.of(), List.of(bad), 10, Duration.ofMinutes(5)))
                    .as(bad).hasMessageContaining("findling.security.allowed-hosts");
        }
        assertThat(new SecurityProperties(null, List.of(), List.of(" photos.example.org "), 10, Duration.ofMinutes(5))
                .allowedHosts()).containsExactly("photos.example.org");
    }
}
