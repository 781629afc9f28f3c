package dev.sidecars.common.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import org.junit.jupiter.api.Test;

/** The idle timer and its closer, on an {@link EmbeddedChannel} whose clock the test moves. */
class IdleCloserTest {

    private static EmbeddedChannel withIdleTimeout(Duration timeout, List<Object> eventsAfter) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        IdleCloser.install(ch.pipeline(), timeout);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                eventsAfter.add(evt);
            }
        });
        return ch;
    }

    @Test
    void shouldCloseAConnectionIdleForTheTimeout() {
        EmbeddedChannel ch = withIdleTimeout(Duration.ofSeconds(30), new ArrayList<>());
        ch.advanceTimeBy(29, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen(), "29 s idle of 30");
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen(), "closed once idle for 30 s");
    }

    @Test
    void shouldCountTrafficInEitherDirectionAsActivity() {
        EmbeddedChannel ch = withIdleTimeout(Duration.ofSeconds(30), new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            ch.advanceTimeBy(20, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            if (i % 2 == 0) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
                ((io.netty.buffer.ByteBuf) ch.readInbound()).release();
            } else {
                ch.writeOutbound(Unpooled.wrappedBuffer(new byte[] {2}));
                ((io.netty.buffer.ByteBuf) ch.readOutbound()).release();
            }
        }
        assertTrue(ch.isOpen(), "80 s of a byte every 20 s is not idle");
        ch.advanceTimeBy(31, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
    }

    @Test
    void shouldInstallNothingForAZeroTimeout() {
        EmbeddedChannel ch = withIdleTimeout(Duration.ZERO, new ArrayList<>());
        assertNull(ch.pipeline().get("idle"));
        assertNull(ch.pipeline().get("idle-close"));
        ch.advanceTimeBy(365, TimeUnit.DAYS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen(), "no idle limit");
        assertFalse(ch.finish());
    }

    @Test
    void shouldPassOtherEventsOnAndSwallowTheIdleOne() {
        List<Object> after = new ArrayList<>();
        EmbeddedChannel ch = withIdleTimeout(Duration.ofSeconds(1), after);
        ch.pipeline().fireUserEventTriggered("drain");
        assertEquals(List.of("drain"), after);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertEquals(List.of("drain"), after, "the idle event is the closer's, not the next handler's");
        assertFalse(ch.isOpen());
    }
}
