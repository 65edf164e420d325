package org.carecircle.edge.push;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Server-sent events to browser or station clients, fanned out through Redis pub/sub so that a client connected
 * to any instance gets what any instance published. A client that reconnects gets the current backlog first (the
 * caller decides what it is, e.g. every open offer newer than the client's Last-Event-ID), so nothing is missed.
 */
public class SseFanout implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SseFanout.class);
    private final RedisMessageListenerContainer container;
    private final StringRedisTemplate redis;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Duration timeout;
    private final Map<String, Set<SseEmitter>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;

    public SseFanout(RedisMessageListenerContainer container, StringRedisTemplate redis, Duration timeout) {
        this.container = container;
        this.redis = redis;
        this.timeout = timeout;
    }

    /** One pushed event: its id (for Last-Event-ID), name and JSON data. */
    public record Event(String id, String name, Object data) {
    }

    private record Envelope(String id, String name, String data) {
    }

    /** A new client on {@code channel}: receives {@code backlog}, then every event published on the channel. */
    public SseEmitter subscribe(String channel, List<Event> backlog) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Set<SseEmitter> clients = subscribers.computeIfAbsent(channel, c -> {
            container.addMessageListener(listener(c), new ChannelTopic(c));
            return new CopyOnWriteArraySet<>();
        });
        clients.add(emitter);
        Runnable remove = () -> clients.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        for (Event event : backlog) {
            send(emitter, event.id(), event.name(), json.writeValueAsString(event.data()), clients);
        }
        return emitter;
    }

    /** Publishes to every client of {@code channel}, on every instance. */
    public void publish(String channel, Event event) {
        redis.convertAndSend(channel, json.writeValueAsString(
                new Envelope(event.id(), event.name(), json.writeValueAsString(event.data()))));
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends open streams first, so a graceful shutdown does not wait for clients that never hang up. */
    @Override
    public void stop() {
        running = false;
        subscribers.values().forEach(clients -> clients.forEach(SseEmitter::complete));
        subscribers.values().forEach(Set::clear);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stopped before the web server's graceful shutdown
    }

    private MessageListener listener(String channel) {
        return (Message message, byte[] pattern) -> {
            Envelope envelope = json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), Envelope.class);
            Set<SseEmitter> clients = subscribers.getOrDefault(channel, Set.of());
            for (SseEmitter emitter : clients) {
                send(emitter, envelope.id(), envelope.name(), envelope.data(), clients);
            }
        };
    }

    private static void send(SseEmitter emitter, String id, String name, String data, Set<SseEmitter> clients) {
        try {
            emitter.send(SseEmitter.event().id(id).name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            clients.remove(emitter);
            log.debug("SSE client gone: {}", gone.getMessage());
        }
    }
}
