package org.carecircle.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link on loopback that can be made to fail: a proxy from {@link #port()} to a target port that forwards bytes
 * both ways while {@link #heal() open}, holds them while {@link #stall() stalled} (connections stay up, nothing
 * passes: a black hole, as a congested or half-dead network looks to both ends), and while {@link #cut() cut} resets
 * every connection and refuses new ones. The fault suite puts one between a service and Kafka.
 */
public final class FaultyLink implements AutoCloseable {
    private enum State { OPEN, STALLED, CUT }

    private volatile int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile State state = State.OPEN;
    private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();

    private FaultyLink() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("faulty-link-" + server.getLocalPort()).start(this::accept);
    }

    /** A link to {@code 127.0.0.1:targetPort}, open. */
    public static FaultyLink to(int targetPort) {
        return listening().forwardTo(targetPort);
    }

    /**
     * A link listening already, its target named later ({@link #forwardTo}): its port is taken before the target's
     * is chosen, so that the two cannot be the same.
     */
    public static FaultyLink listening() {
        try {
            return new FaultyLink();
        } catch (IOException e) {
            throw new IllegalStateException("could not open a link", e);
        }
    }

    /** Where connections go from now on. */
    public FaultyLink forwardTo(int port) {
        this.targetPort = port;
        return this;
    }

    /** The port to connect to instead of the target. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many connections the link has carried: a fault on a link nobody used would prove nothing. */
    public long connections() {
        return connections.get();
    }

    /** Nothing passes any more; connections stay open. */
    public void stall() {
        state = State.STALLED;
    }

    /** Every connection is reset; new ones are refused until {@link #heal()}. */
    public void cut() {
        state = State.CUT;
        sockets.forEach(FaultyLink::reset);
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    /** Bytes pass again (those held while stalled go on). */
    public void heal() {
        state = State.OPEN;
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        state = State.CUT;
        closeQuietly(server);
        sockets.forEach(FaultyLink::closeQuietly);
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (state == State.CUT) {
                    client.setSoLinger(true, 0); // a reset, as a cut link looks to the caller
                    client.close();
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException refused) {
                    client.setSoLinger(true, 0); // the target is down: the caller is refused at once, as without a link
                    client.close();
                    continue;
                }
                connections.incrementAndGet();
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofPlatform().daemon().start(() -> pump(client, upstream));
                Thread.ofPlatform().daemon().start(() -> pump(upstream, client));
            } catch (IOException e) {
                // the server closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                awaitOpen();
                if (state == State.CUT) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side closed or the link was cut: close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (state == State.STALLED) {
                gate.wait();
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST rather than FIN, as a cut link looks to both ends
        } catch (IOException ignored) {
            // closed already
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing what failed already
        }
    }
}
