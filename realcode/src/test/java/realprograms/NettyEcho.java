package realprograms;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import realprograms.turns.Turns;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.1 used correctly: a line-echo server on loopback (one boss and two worker event loops)
 * and four clients on two client event loops. Each server channel counts the words it saw in a
 * plain {@code HashMap} kept by its handler: only the channel's own event loop touches it
 * (Netty's thread-confinement contract), and it is merged into a shared concurrent map when the
 * channel closes. Each client counts its echoes in a plain field on its event loop; the main
 * thread reads it after a latch the event loop counted down. Prints the merged counts.
 *
 * <p>{@code shared-handler}: the bug Netty's {@code @Sharable} warns of: one counting handler
 * with a plain map installed in two channels that live on two different event loops. Both
 * count the same word; the first reads, then the second reads and writes before the first
 * writes (turns taken through {@link Turns}, which racewatch does not see): a lost update.
 */
public final class NettyEcho {
    private static final int CLIENTS = 4;
    private static final int LINES = 400;
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon"};

    private NettyEcho() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("shared-handler")) {
            sharedHandler();
            return;
        }
        Map<String, Integer> merged = new ConcurrentHashMap<>();
        CountDownLatch serverChannelsClosed = new CountDownLatch(CLIENTS);
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(2);
        EventLoopGroup clientLoops = new NioEventLoopGroup(2);
        try {
            Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(256),
                            new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                            new WordCounter(merged, serverChannelsClosed));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            InetSocketAddress address = (InetSocketAddress) server.localAddress();

            EchoClient[] clients = new EchoClient[CLIENTS];
            Channel[] channels = new Channel[CLIENTS];
            for (int c = 0; c < CLIENTS; c++) {
                EchoClient client = new EchoClient(LINES);
                clients[c] = client;
                channels[c] = new Bootstrap().group(clientLoops).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(256),
                                new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8), client);
                        }
                    })
                    .connect(address).sync().channel();
            }
            for (int i = 0; i < LINES; i++) {
                for (int c = 0; c < CLIENTS; c++) {
                    channels[c].write(WORDS[(i + c) % WORDS.length] + "\n");
                }
                if (i % 50 == 49) {
                    for (Channel ch : channels) {
                        ch.flush();
                    }
                }
            }
            for (Channel ch : channels) {
                ch.flush();
            }
            int echoed = 0;
            for (EchoClient client : clients) {
                if (!client.done.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a client did not get all its echoes");
                }
                echoed += client.echoes;
            }
            for (Channel ch : channels) {
                ch.close().sync();
            }
            if (!serverChannelsClosed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server did not see every channel close");
            }
            server.close().sync();
            System.out.println("echoed " + echoed);
            System.out.println("counts " + new TreeMap<>(merged));
        } finally {
            clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        System.out.println("closed");
    }

    private static void sharedHandler() throws Exception {
        SharedCounter counter = new SharedCounter();
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(2); // channels accepted in turn go to different loops
        EventLoopGroup clientLoops = new NioEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(256),
                            new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8), counter);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Bootstrap clients = new Bootstrap().group(clientLoops).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new StringEncoder(StandardCharsets.UTF_8));
                    }
                });
            Channel first = clients.connect(server.localAddress()).sync().channel();
            Channel second = clients.connect(server.localAddress()).sync().channel();
            first.writeAndFlush("alpha first\n").sync();
            second.writeAndFlush("alpha second\n").sync();
            if (!counter.done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server did not count both lines");
            }
            first.close().sync();
            second.close().sync();
            server.close().sync();
            System.out.println("alpha counted " + counter.counts.get("alpha") + " of 2");
        } finally {
            clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        System.out.println("closed");
    }

    /** One handler in every server channel, as if it were safe to share: its map is not. */
    @ChannelHandler.Sharable
    private static final class SharedCounter extends SimpleChannelInboundHandler<String> {
        private final Map<String, Integer> counts = new HashMap<>();
        private final Turns firstHasRead = new Turns();
        private final Turns secondHasWritten = new Turns();
        private final CountDownLatch done = new CountDownLatch(2);

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            String[] parts = line.split(" ");
            boolean first = parts[1].equals("first");
            if (!first) {
                firstHasRead.await();
            }
            Integer seen = counts.get(parts[0]);
            if (first) {
                firstHasRead.pass();
                secondHasWritten.await();
            }
            counts.put(parts[0], seen == null ? 1 : seen + 1);
            if (!first) {
                secondHasWritten.pass();
            }
            done.countDown();
        }
    }

    /** A server channel's handler: its word counts are confined to the channel's event loop. */
    private static final class WordCounter extends SimpleChannelInboundHandler<String> {
        private final Map<String, Integer> counts = new HashMap<>();
        private final Map<String, Integer> merged;
        private final CountDownLatch closed;

        WordCounter(Map<String, Integer> merged, CountDownLatch closed) {
            this.merged = merged;
            this.closed = closed;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String word) {
            Integer seen = counts.get(word);
            counts.put(word, seen == null ? 1 : seen + 1);
            ctx.writeAndFlush("echo " + word + "\n");
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            counts.forEach((word, n) -> merged.merge(word, n, Integer::sum));
            closed.countDown();
        }
    }

    /** A client channel's handler, shared by nobody: its count is written on the channel's event loop only. */
    private static final class EchoClient extends SimpleChannelInboundHandler<String> {
        private final int expected;
        private final CountDownLatch done = new CountDownLatch(1);
        private int echoes;

        EchoClient(int expected) {
            this.expected = expected;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            if (line.startsWith("echo ") && ++echoes == expected) {
                done.countDown();
            }
        }
    }
}
