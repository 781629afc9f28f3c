import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The self-test's second proof: a minimal Netty 4.2 NIO HTTP server, built as a native image. */
public final class NettyHttpServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                            byte[] body = ("hello from netty, " + req.uri() + "\n").getBytes(StandardCharsets.UTF_8);
                                            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                                            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
                                            HttpUtil.setContentLength(res, body.length);
                                            boolean keepAlive = HttpUtil.isKeepAlive(req);
                                            HttpUtil.setKeepAlive(res, keepAlive);
                                            var f = ctx.writeAndFlush(res);
                                            if (!keepAlive) {
                                                f.addListener(ChannelFutureListener.CLOSE);
                                            }
                                        }
                                    });
                        }
                    });
            var ch = b.bind("127.0.0.1", port).sync().channel();
            System.out.println("listening on 127.0.0.1:" + port);
            System.out.flush();
            ch.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
