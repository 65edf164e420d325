package org.carecircle.views;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps each {@link RebuildableView} whole. Its markers {@code cc:{<keyspace>}:views:<name>} are written when the view has been
 * built from its topics; the guard checks it at start (before any listener consumes) and every
 * {@code check-interval}. When it is missing — Redis lost its data, it is a first start, or an operator deleted it
 * to ask for a rebuild — the guard:
 * <ol>
 *   <li>reports the service not ready ({@link ReadinessState#REFUSING_TRAFFIC}) and pauses the view's live
 *   listeners, so nothing is decided on a partial view;</li>
 *   <li>takes the view's lock {@code cc:{<keyspace>}:views:<name>:lock} (one instance rebuilds; the others wait for the marker)
 *   and replays the view's topics from their beginning up to their end at that moment;</li>
 *   <li>writes the marker only if its lock is still there — if Redis lost its data again meanwhile, it starts over —
 *   then resumes the listeners (they read on from their committed offsets) and reports ready again.</li>
 * </ol>
 * The marker also names the data set it was built on (the primary's replication id). A Sentinel failover promotes a
 * replica that may lack the last writes, and it serves under a new replication id: the view is rebuilt then too.
 */
public class ViewGuard implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ViewGuard.class);
    /** Marks the view built if this instance still holds the lock: KEYS[1] lock, KEYS[2] marker; ARGV token, marker. */
    private static final RedisScript<Long> FINISH = RedisScript.of("if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "redis.call('SET', KEYS[2], ARGV[2]) redis.call('DEL', KEYS[1]) return 1 end return 0", Long.class);

    private static final String DATA_SET = "data-set=";
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(30);
    private static final Duration PAUSE_POLL = Duration.ofMillis(20);
    private static final RedisScript<Long> DELETE_IF_SAME = RedisScript.of(
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
    private ScheduledExecutorService locks;
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
        return !incomplete.contains(view) && views.stream().filter(v -> v.name().equals(view)).findFirst()
                .map(v -> v.keyspaces().stream().allMatch(k -> Boolean.TRUE.equals(redis.hasKey(marker(k, view)))))
                .orElse(false);
    }

    /** The last rebuild of {@code view} done by this instance. */
    public Optional<Rebuild> lastRebuild(String view) {
        return Optional.ofNullable(rebuilds.get(view));
    }

    /** The marker of {@code view} in the keyspace tagged {@code keyspace} (same slot as that part of the view). */
    public static String marker(String keyspace, String view) {
        return "cc:{" + keyspace + "}:views:" + view;
    }

    @Override
    public void start() {
        running = true;
        views = viewProvider.orderedStream().toList();
        locks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "view-guard-lock");
            t.setDaemon(true);
            return t;
        });
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
        if (locks != null) {
            locks.shutdownNow();
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
        boolean whole = true;
        for (String keyspace : view.keyspaces()) {
            String key = marker(keyspace, view.name());
            String marker = redis.opsForValue().get(key);
            boolean stale = marker != null && builtOnAnotherDataSet(marker, key);
            if (stale) {
                // a failover to a replica (or a restart) may have lost the last writes before it: rebuild to be sure
                log.warn("View {} was built on another Redis data set than the one now serving {}: rebuilding it",
                        view.name(), keyspace);
                redis.execute(DELETE_IF_SAME, List.of(key), marker);
            }
            whole &= marker != null && !stale;
        }
        if (whole) {
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
        // a lock beside the marker in each other keyspace too: if that part of Redis loses its data during the
        // replay, its lock goes with it and the rebuild is not marked whole there
        for (String keyspace : view.keyspaces().subList(1, view.keyspaces().size())) {
            redis.opsForValue().set(lock(keyspace, view), token, properties.lockTtl());
        }
        Instant started = Instant.now();
        long replayed = -1;
        // the lock is kept alive all along, also while the view writes what it collected (which may take minutes)
        ScheduledFuture<?> keepAlive = locks.scheduleAtFixedRate(() -> stillHolds(view, token),
                properties.lockTtl().toMillis() / 3, properties.lockTtl().toMillis() / 3, TimeUnit.MILLISECONDS);
        try {
            view.beginReplay();
            try {
                replayed = new LogReplay(consumers, properties.batch(), () -> running && stillHolds(view, token))
                        .replay(view);
            } finally {
                view.endReplay(replayed >= 0);
            }
        } catch (RuntimeException e) {
            release(view, token); // let the next check (here or elsewhere) start over
            throw e;
        } finally {
            keepAlive.cancel(false);
        }
        if (replayed < 0) { // stopped half way or the lock was lost: nothing was written, nothing is whole
            release(view, token);
            return;
        }
        Rebuild rebuild = new Rebuild(view.name(), replayed, Duration.between(started, Instant.now()), Instant.now());
        // each keyspace's marker only while its lock is still ours (a loss there took the lock), the main one last:
        // a view is whole once all are there, so a loss anywhere leaves one missing and the next check starts over
        String done = " " + rebuild.finishedAt() + " " + rebuild.events() + " events";
        List<String> others = view.keyspaces().subList(1, view.keyspaces().size());
        for (String keyspace : others) {
            String key = marker(keyspace, view.name());
            Long marked = redis.execute(FINISH, List.of(lock(keyspace, view), key), token, DATA_SET + dataSet(key) + done);
            if (marked == null || marked != 1) {
                log.warn("View {}: Redis lost the data of {} during the rebuild; starting over", view.name(), keyspace);
                release(view, token);
                return;
            }
        }
        String main = marker(view.keyspaces().getFirst(), view.name());
        Long finished = redis.execute(FINISH, List.of(lock(view), main), token, DATA_SET + dataSet(main) + done);
        if (finished == null || finished != 1) {
            log.warn("View {}: Redis lost its data again during the rebuild; starting over", view.name());
            others.forEach(k -> redis.delete(marker(k, view.name())));
            return;
        }
        rebuilds.put(view.name(), rebuild);
        log.info("View {} rebuilt from the log: {} events in {} ms", view.name(), replayed, rebuild.took().toMillis());
        incomplete.remove(view.name());
        resume(view);
    }

    /**
     * The marker names the data set it was built on (the serving primary's replication id) and that is not the one
     * serving now: a replica took over after a failover, or Redis restarted from its append-only file. A marker
     * without one (written by hand) is taken as it is.
     */
    private boolean builtOnAnotherDataSet(String marker, String key) {
        return marker.startsWith(DATA_SET) && !marker.startsWith(DATA_SET + dataSet(key) + " ");
    }

    /**
     * The replication id of the primary serving {@code key} (on a Redis Cluster, the primary of its slot): it changes
     * when a replica is promoted or the server restarts.
     */
    private String dataSet(String key) {
        Properties info = redis.execute((RedisCallback<Properties>) c -> c instanceof RedisClusterConnection cluster
                ? cluster.serverCommands().info(cluster.clusterGetNodeForKey(key.getBytes(StandardCharsets.UTF_8)), "replication")
                : c.serverCommands().info("replication"));
        return info == null ? "unknown" : info.getProperty("master_replid", "unknown");
    }

    /** Keeps the locks while a replay goes on; false once one is gone (that part of Redis lost its data again). */
    private boolean stillHolds(RebuildableView view, String token) {
        return view.keyspaces().stream().allMatch(keyspace -> Boolean.TRUE.equals(redis.expire(lock(keyspace, view),
                properties.lockTtl())) && token.equals(redis.opsForValue().get(lock(keyspace, view))));
    }

    /** Gives up this instance's locks of the view, so that the next check (here or elsewhere) starts over. */
    private void release(RebuildableView view, String token) {
        view.keyspaces().forEach(keyspace -> redis.execute(DELETE_IF_SAME, List.of(lock(keyspace, view)), token));
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

    /** The rebuild's lock, beside the marker in the view's main keyspace (the one that makes a rebuilder exclusive). */
    public static String lock(RebuildableView view) {
        return lock(view.keyspaces().getFirst(), view);
    }

    private static String lock(String keyspace, RebuildableView view) {
        return marker(keyspace, view.name()) + ":lock";
    }
}
