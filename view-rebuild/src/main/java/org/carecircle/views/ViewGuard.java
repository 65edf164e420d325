package org.carecircle.views;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.carecircle.contracts.events.CareEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps each {@link RebuildableView} whole. Its marker {@code cc:views:<name>} is written when the view has been
 * built from its topics; the guard checks it at start (before any listener consumes) and every
 * {@code check-interval}. When it is missing — Redis lost its data, it is a first start, or an operator deleted it
 * to ask for a rebuild — the guard:
 * <ol>
 *   <li>reports the service not ready ({@link ReadinessState#REFUSING_TRAFFIC}) and pauses the view's live
 *   listeners, so nothing is decided on a partial view;</li>
 *   <li>takes the view's lock {@code cc:views:<name>:lock} (one instance rebuilds; the others wait for the marker)
 *   and replays the view's topics from their beginning up to their end at that moment;</li>
 *   <li>writes the marker only if its lock is still there — if Redis lost its data again meanwhile, it starts over —
 *   then resumes the listeners (they read on from their committed offsets) and reports ready again.</li>
 * </ol>
 */
public class ViewGuard implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ViewGuard.class);
    /** Marks the view built if this instance still holds the lock: KEYS[1] lock, KEYS[2] marker; ARGV token, marker. */
    private static final RedisScript<Long> FINISH = RedisScript.of("if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('SET', KEYS[2], ARGV[2]) redis.call('DEL', KEYS[1]) return 1 end return 0", Long.class);

    private static final Duration PAUSE_WAIT = Duration.ofSeconds(30);
    private static final Duration PAUSE_POLL = Duration.ofMillis(20);
    private static final RedisScript<Long> UNLOCK = RedisScript.of(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", Long.class);

    private final ObjectProvider<RebuildableView> viewProvider;
    private volatile List<RebuildableView> views = List.of();
    private final StringRedisTemplate redis;
    private final ConsumerFactory<?, ?> consumers;
    private final KafkaListenerEndpointRegistry listeners;
    private final ApplicationEventPublisher events;
    private final ViewProperties properties;
    private final Set<String> incomplete = ConcurrentHashMap.newKeySet();
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private volatile boolean running;

    ViewGuard(ObjectProvider<RebuildableView> views, StringRedisTemplate redis, ConsumerFactory<?, ?> consumers,
              KafkaListenerEndpointRegistry listeners, ApplicationEventPublisher events, ViewProperties properties) {
        this.viewProvider = views;
        this.redis = redis;
        this.consumers = consumers;
        this.listeners = listeners;
        this.events = events;
        this.properties = properties;
    }

    /** A finished rebuild: how many events it replayed and how long it took. */
    public record Rebuild(String view, long events, Duration took, Instant finishedAt) {
    }

    /** Some view of this service is not whole (being rebuilt here or by another instance). */
    public boolean rebuilding() {
        return !incomplete.isEmpty();
    }

    /**
     * Whether {@code view} is whole right now: its marker is there and no rebuild of it is under way. Asks Redis,
     * so a read that found nothing can tell "does not exist" (404) from "lost, not back yet" (503) even before the
     * next check noticed the loss.
     */
    public boolean whole(String view) {
        return !incomplete.contains(view) && Boolean.TRUE.equals(redis.hasKey(marker(view)));
    }

    /** The last rebuild of {@code view} done by this instance. */
    public Optional<Rebuild> lastRebuild(String view) {
        return Optional.ofNullable(rebuilds.get(view));
    }

    public static String marker(String view) {
        return "cc:views:" + view;
    }

    @Override
    public void start() {
        running = true;
        views = viewProvider.orderedStream().toList();
        checkAll(); // before the listeners start: a view lost while the service was down is rebuilt first
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "view-guard");
            t.setDaemon(true);
            return t;
        });
        long every = properties.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Waits for a check under way to end, so that nothing of this instance writes to Redis once it stopped. */
    @Override
    public void stop() {
        running = false;
        if (timer != null) {
            timer.shutdown();
            try {
                if (!timer.awaitTermination(properties.lockTtl().toMillis(), TimeUnit.MILLISECONDS)) {
                    timer.shutdownNow();
                }
            } catch (InterruptedException e) {
                timer.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the listener containers start, and stopped just after they stop. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }

    /** In their order: a view may be built from what the ones before it hold (e.g. presence on the registry). */
    private void checkAll() {
        for (RebuildableView view : views) {
            try {
                check(view);
            } catch (RuntimeException e) {
                log.error("View {}: check or rebuild failed, tried again in {}", view.name(), properties.checkInterval(), e);
            }
            if (incomplete.contains(view.name())) {
                views.stream().filter(v -> !v.name().equals(view.name())).forEach(this::pauseUntilWhole);
                return;
            }
        }
    }

    private void check(RebuildableView view) {
        if (Boolean.TRUE.equals(redis.hasKey(marker(view.name())))) {
            if (incomplete.remove(view.name())) {
                resume(view);
            }
            return;
        }
        pauseUntilWhole(view);
        if (!listenersPaused(view)) {
            return; // a listener is still busy with a batch: rebuild at the next check, once it has paused
        }
        String token = UUID.randomUUID().toString();
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(lock(view), token, properties.lockTtl()))) {
            return; // another instance rebuilds it: its marker will show
        }
        Instant started = Instant.now();
        long replayed = -1;
        try {
            view.beginReplay();
            try {
                replayed = replay(view, token);
            } finally {
                view.endReplay(replayed >= 0);
            }
        } catch (RuntimeException e) {
            redis.execute(UNLOCK, List.of(lock(view)), token); // let the next check (here or elsewhere) start over
            throw e;
        }
        Rebuild rebuild = new Rebuild(view.name(), replayed, Duration.between(started, Instant.now()), Instant.now());
        Long finished = redis.execute(FINISH, List.of(lock(view), marker(view.name())), token,
                rebuild.finishedAt() + " " + rebuild.events() + " events");
        if (finished == null || finished != 1) {
            log.warn("View {}: Redis lost its data again during the rebuild; starting over", view.name());
            return;
        }
        rebuilds.put(view.name(), rebuild);
        log.info("View {} rebuilt from the log: {} events in {} ms", view.name(), replayed, rebuild.took().toMillis());
        incomplete.remove(view.name());
        resume(view);
    }

    /**
     * Every record of the view's topics from their beginning to their end as of now; the count applied, or -1 when
     * the lock was lost on the way (Redis lost its data again).
     */
    private long replay(RebuildableView view, String token) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(properties.batch()));
        long applied = 0;
        try (Consumer<?, ?> consumer = consumers.createConsumer(null, "rebuild-" + view.name(), null, overrides)) {
            for (String topic : view.topics()) { // one after the other, in the view's order
                long fromTopic = replay(view, token, consumer, topic);
                if (fromTopic < 0) {
                    return -1;
                }
                applied += fromTopic;
            }
        }
        return running ? applied : -1; // stopped half way: nothing written
    }

    private long replay(RebuildableView view, String token, Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long applied = 0;
        while (running && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                        && record.value() instanceof CareEvent event) {
                    view.replay(event);
                    applied++;
                }
            }
            if (!Boolean.TRUE.equals(redis.expire(lock(view), properties.lockTtl()))
                    || !token.equals(redis.opsForValue().get(lock(view)))) {
                return -1; // the lock is gone (Redis lost its data again): start over
            }
        }
        return applied;
    }

    /** Waits (bounded) until each running listener of the view has finished its batch and paused. */
    private boolean listenersPaused(RebuildableView view) {
        long deadline = System.nanoTime() + PAUSE_WAIT.toNanos();
        while (view.liveListeners().stream().map(this::container).flatMap(Optional::stream)
                .anyMatch(c -> c.isRunning() && !c.isContainerPaused())) {
            if (System.nanoTime() > deadline || !running) {
                return false;
            }
            LockSupport.parkNanos(PAUSE_POLL.toNanos());
        }
        return true;
    }

    /** Not ready, and the view's live listeners paused, until its marker is back (its views before it too). */
    private void pauseUntilWhole(RebuildableView view) {
        if (incomplete.add(view.name())) {
            log.warn("View {} is not whole in Redis: pausing {} until it is rebuilt from {}", view.name(),
                    view.liveListeners(), view.topics());
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            view.liveListeners().forEach(id -> container(id).ifPresent(MessageListenerContainer::pause));
            view.paused();
        }
    }

    private void resume(RebuildableView view) {
        view.resumed();
        view.liveListeners().forEach(id -> container(id).ifPresent(MessageListenerContainer::resume));
        if (incomplete.isEmpty()) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    private Optional<MessageListenerContainer> container(String id) {
        Optional<MessageListenerContainer> container = Optional.ofNullable(listeners.getListenerContainer(id));
        if (container.isEmpty()) {
            log.error("View: no listener container {} to pause or resume", id);
        }
        return container;
    }

    private static String lock(RebuildableView view) {
        return marker(view.name()) + ":lock";
    }
}
