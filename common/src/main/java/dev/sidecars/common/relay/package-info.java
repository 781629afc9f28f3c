/**
 * TCP relaying for the ambassador and the egress proxy, on Netty.
 *
 * <p>{@link dev.sidecars.common.relay.TcpListener} binds, stops accepting on drain and shuts the event
 * loops down. {@link dev.sidecars.common.relay.Tunnel} joins two connections and relays bytes both ways
 * with backpressure (a side reads again only after its write succeeded) and half-close: a FIN or a
 * close_notify from one peer ({@link dev.sidecars.common.relay.PeerInput}) ends that direction only.
 * {@link dev.sidecars.common.relay.IdleCloser} closes idle connections.
 */
package dev.sidecars.common.relay;
