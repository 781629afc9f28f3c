package dev.sidecars.ambassador;

import java.net.InetSocketAddress;

/** What the app may learn about one client connection: its addresses and its TLS session. */
record ClientSession(InetSocketAddress source, InetSocketAddress destination, String tlsVersion, String cipher,
                     PeerIdentity identity) {
}
