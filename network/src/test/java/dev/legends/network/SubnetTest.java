package dev.legends.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubnetTest {
    @Test
    void parsesAndFormats() {
        Subnet s = Subnet.parse("10.88.0.0/16");
        assertThat(Subnet.format(s.firstHost())).isEqualTo("10.88.0.1");
        assertThat(Subnet.format(s.lastHost())).isEqualTo("10.88.255.254");
        assertThat(s.contains(Subnet.address("10.88.7.7"))).isTrue();
        assertThat(s.contains(Subnet.address("10.89.0.1"))).isFalse();
        assertThat(s.overlaps(Subnet.parse("10.0.0.0/8"))).isTrue();
        assertThat(s.overlaps(Subnet.parse("192.0.2.0/24"))).isFalse();
    }

    @Test
    void badInputIsOneClearError() {
        assertThatThrownBy(() -> Subnet.parse("10.88.0.1/16")).hasMessageContaining("host bits are set; did you mean 10.88.0.0/16?");
        assertThatThrownBy(() -> Subnet.parse("10.88.0.0")).hasMessageContaining("expected an IPv4 CIDR");
        assertThatThrownBy(() -> Subnet.address("1.2.3")).hasMessage("invalid IPv4 address 1.2.3");
        assertThatThrownBy(() -> PortMapping.parse("80")).hasMessageContaining("expected [HOSTIP:]HOSTPORT:CONTAINERPORT");
        assertThatThrownBy(() -> PortMapping.parse("8080:80/sctp")).hasMessageContaining("use tcp or udp");
        assertThat(PortMapping.parse("127.0.0.1:8080:80/udp")).isEqualTo(new PortMapping("127.0.0.1", 8080, 80, "udp"));
    }
}
