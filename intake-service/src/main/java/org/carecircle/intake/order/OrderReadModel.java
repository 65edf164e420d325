package org.carecircle.intake.order;

import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.intake.order.domain.OrderStatus;
import org.carecircle.intake.order.domain.OrderView;
import org.carecircle.intake.order.domain.TimelineEntry;
import org.carecircle.intake.order.domain.VisitOrder;
import org.springframework.core.io.ClassPathResource;
import org.carecircle.edge.ApiProblem;
import org.carecircle.views.ViewGuard;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The orderer's view of each order in Redis (address and notes only sealed), built only from events, so it is rebuilt from Kafka by
 * replaying the topics ({@link OrderViewRebuild}); while that runs, an order not back yet answers 503, not 404. Keys: {@code cc:{intake}:order:<id>} (hash), {@code cc:{intake}:timeline:<id>}
 * (sorted set by time), {@code cc:{intake}:applied:<id>} (event ids applied — duplicates have no second effect).
 */
@Component
class OrderReadModel {
    private static final RedisScript<Long> APPLY =
            RedisScript.of(new ClassPathResource("scripts/apply-order-event.lua"), Long.class);
    private static final int MAX_ATTEMPTS = 10;

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final OrderMapper mapper;
    private final DetailsCipher cipher;
    private final ViewGuard guard;

    OrderReadModel(StringRedisTemplate redis, JsonMapper json, OrderMapper mapper, DetailsCipher cipher,
                   ViewGuard guard) {
        this.guard = guard;
        this.redis = redis;
        this.json = json;
        this.mapper = mapper;
        this.cipher = cipher;
    }

    /** Applies an event once; returns false when it had been applied before. */
    boolean apply(VisitEvent event) {
        String orderKey = orderKey(event.orderId());
        List<String> keys = List.of(orderKey, "cc:{intake}:timeline:" + event.orderId(),
                "cc:{intake}:applied:" + event.orderId());
        TimelineEntry entry = TimelineEntry.of(event);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String currentText = (String) redis.opsForHash().get(orderKey, "status");
            OrderStatus current = currentText == null ? null : OrderStatus.valueOf(currentText);
            OrderStatus next = OrderStatus.after(current, event);
            List<String> args = new ArrayList<>(List.of(event.eventId(), currentText == null ? "" : currentText,
                    next.name(), String.valueOf(event.occurredAt().toEpochMilli()), json.writeValueAsString(entry)));
            args.addAll(fieldsOf(event));
            Long result = redis.execute(APPLY, keys, args.toArray());
            if (result != null && result >= 0) {
                return result == 1;
            }
        }
        throw new IllegalStateException("order " + event.orderId() + " kept changing while applying " + event.type());
    }

    private List<String> fieldsOf(VisitEvent event) {
        return switch (event) {
            // kept as received: the personal part stays sealed at rest and is opened only to answer its orderer
            case VisitRequested requested -> List.of("requested", json.writeValueAsString(requested),
                    "areaKey", requested.areaKey());
            case VisitCompleted completed -> List.of("record", json.writeValueAsString(completed.record()));
            case VisitAssigned assigned -> List.of("assignment", json.writeValueAsString(
                    new OrderView.Assignment(assigned.providerId(), assigned.organizationId(), assigned.etaMinutes(),
                            assigned.team())));
            default -> List.of();
        };
    }

    /** The view is whole: not being rebuilt, nor lost without the loss noticed yet. */
    boolean whole() {
        return guard.whole(OrderViewRebuild.NAME);
    }

    Optional<OrderView> find(String orderId) {
        Map<Object, Object> hash = redis.opsForHash().entries(orderKey(orderId));
        if (hash.get("requested") == null) {
            if (!whole()) { // it may not be back yet: not a 404 the orderer would take as final
                throw ApiProblem.unavailable("Orders are being rebuilt from the log; try again shortly",
                        java.time.Duration.ofSeconds(5));
            }
            return Optional.empty();
        }
        VisitRequested requested = json.readValue((String) hash.get("requested"), VisitRequested.class);
        VisitOrder order = mapper.toOrder(requested, cipher.open(requested.orderId(), requested.details()));
        OrderView.Assignment assignment = hash.get("assignment") == null ? null
                : json.readValue((String) hash.get("assignment"), OrderView.Assignment.class);
        Set<String> entries = redis.opsForZSet().range("cc:{intake}:timeline:" + orderId, 0, -1);
        List<TimelineEntry> timeline = entries == null ? List.of()
                : entries.stream().map(e -> json.readValue(e, TimelineEntry.class)).toList();
        VisitRecord record = hash.get("record") == null ? null : json.readValue((String) hash.get("record"), VisitRecord.class);
        String clinical = record == null || record.clinical() == null ? null : cipher.openText(orderId, record.clinical());
        return Optional.of(new OrderView(order, OrderStatus.valueOf((String) hash.get("status")), assignment, timeline,
                record, clinical));
    }

    private static String orderKey(String orderId) {
        return "cc:{intake}:order:" + orderId;
    }
}
