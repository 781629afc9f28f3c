package dev.sidecars.configinit;

import java.net.URI;
import java.net.URISyntaxException;

import dev.sidecars.common.env.HostPort;
import dev.sidecars.common.env.ValueType;

/** Something to wait for: a DNS name that resolves, a TCP port that accepts, an HTTP URL that answers 2xx/3xx. */
sealed interface WaitTarget {

    record Dns(String name) implements WaitTarget {
        @Override
        public String toString() {
            return "dns:" + name;
        }
    }

    record Tcp(HostPort address) implements WaitTarget {
        @Override
        public String toString() {
            return "tcp:" + (address.host().contains(":") ? "[" + address.host() + "]" : address.host()) + ":" + address.port();
        }
    }

    record Http(URI uri) implements WaitTarget {
        @Override
        public String toString() {
            return uri.toString();
        }
    }

    ValueType<WaitTarget> TYPE = ValueType.of("target", "dns:name, tcp:host:port or an http:// or https:// URL", WaitTarget::parse);

    static WaitTarget parse(String text) {
        if (text.startsWith("dns:")) {
            String name = text.substring(4);
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
                throw new IllegalArgumentException("is not a DNS name");
            }
            return new Dns(name);
        }
        if (text.startsWith("tcp:")) {
            String rest = text.substring(4);
            HostPort address = HostPort.parse(rest);
            if (address.port() == 0 || rest.startsWith(":")) {
                throw new IllegalArgumentException("needs a host and a port other than 0");
            }
            return new Tcp(address);
        }
        if (text.startsWith("http://") || text.startsWith("https://")) {
            try {
                URI uri = new URI(text);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("has no host");
                }
                return new Http(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("is not a URL: " + e.getReason());
            }
        }
        throw new IllegalArgumentException("has no known scheme");
    }
}
