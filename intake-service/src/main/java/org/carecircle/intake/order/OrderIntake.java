package org.carecircle.intake.order;

import org.carecircle.contracts.AreaKey;
import org.carecircle.contracts.catalogue.Priority;
import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.contracts.crypto.DetailsCipher;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.VisitRequested;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.security.Caller;
import org.carecircle.edge.security.Role;
import org.carecircle.intake.order.domain.OrderStatus;
import org.carecircle.intake.order.domain.OrderView;
import org.carecircle.intake.order.domain.VisitOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepts, cancels and reads orders, each only for callers entitled to it (the ordering organization, or a
 * supervisor of the order's district), and audits every attempt. An order counts as accepted only once Kafka acknowledged its event
 * ({@code acks=all}); until then the caller gets no 202, and when Kafka cannot be reached, a 503.
 */
@Service
public class OrderIntake {
    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);

    private final ServiceCatalogue catalogue;
    private final OrderMapper mapper;
    private final EventPublisher publisher;
    private final OrderReadModel readModel;
    private final IdempotencyStore idempotency;
    private final IntakeProperties properties;
    private final JsonMapper json;
    private final DetailsCipher cipher;
    private final AuditTrail audit;
    private final Clock clock;

    OrderIntake(ServiceCatalogue catalogue, OrderMapper mapper, EventPublisher publisher, OrderReadModel readModel,
                IdempotencyStore idempotency, IntakeProperties properties, JsonMapper json, DetailsCipher cipher,
                AuditTrail audit, Clock clock) {
        this.cipher = cipher;
        this.audit = audit;
        this.catalogue = catalogue;
        this.mapper = mapper;
        this.publisher = publisher;
        this.readModel = readModel;
        this.idempotency = idempotency;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** The result of a create call: the order, and whether it is a replay of an earlier identical request. */
    public record Created(OrderView order, boolean replayed) {
    }

    public Created create(CreateOrderRequest request, String idempotencyKey, Caller caller) {
        if (!caller.actsFor(Role.ORDERER, request.requester().organizationId())
                || !request.requester().kind().name().equals(caller.organizationKind()) || caller.district() == null) {
            audit.denied(caller, AuditTrail.Action.CREATE, "-");
            throw ApiProblem.forbidden("You may only order for your own organization, as the kind of organization it is");
        }
        ServiceDefinition service = catalogue.find(request.serviceCode()).orElseThrow(() -> ApiProblem.invalid(
                "serviceCode", "unknown service code '" + request.serviceCode() + "' (see GET /catalogue/services)"));
        Priority priority = request.priority() != null ? request.priority() : service.defaultPriority();
        String orderId = "ord-" + UUID.randomUUID();
        Instant now = clock.instant();
        String organizationId = request.requester().organizationId();

        if (idempotencyKey == null) {
            return new Created(publish(request, orderId, priority, now, caller, null, null), false);
        }
        if (!readModel.whole()) { // its record may not be back yet: a claim now could place the order twice
            throw ApiProblem.unavailable("Orders are being rebuilt from the log: this order was NOT accepted. Retry "
                    + "shortly with the same Idempotency-Key.", Duration.ofSeconds(5));
        }
        String requestHash = hash(request);
        IdempotencyStore.Entry claim = new IdempotencyStore.Entry(IdempotencyStore.State.PENDING, orderId, requestHash, now);
        Optional<IdempotencyStore.Entry> existing = idempotency.claim(organizationId, idempotencyKey, claim);
        while (existing.isPresent()) {
            IdempotencyStore.Entry earlier = existing.get();
            if (!earlier.requestHash().equals(requestHash)) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a different request",
                        List.of(new ApiProblem.FieldProblem("Idempotency-Key", "already used for a different request")),
                        null);
            }
            Optional<OrderView> order = readModel.find(earlier.orderId());
            if (earlier.state() == IdempotencyStore.State.DONE || order.isPresent()) {
                return new Created(order.orElseThrow(() -> ApiProblem.unavailable(
                        "The order is accepted but not readable yet", Duration.ofSeconds(1))), true);
            }
            if (earlier.state() == IdempotencyStore.State.PENDING
                    && Duration.between(earlier.since(), now).compareTo(properties.idempotencyStaleAfter()) < 0) {
                throw new ApiProblem(HttpStatus.CONFLICT, "Request in progress",
                        "A request with this Idempotency-Key is still being processed; retry shortly", List.of(),
                        Duration.ofSeconds(1));
            }
            // the earlier attempt was not acknowledged by Kafka, or abandoned before it was: take it over with the same
            // order id (it may be on the log already: publishing it again under its ids is a repeat, not a new order)
            claim = new IdempotencyStore.Entry(IdempotencyStore.State.PENDING, earlier.orderId(), requestHash, now);
            existing = idempotency.swap(organizationId, idempotencyKey, earlier, claim);
        }
        try {
            OrderView view = publish(request, claim.orderId(), priority, now, caller,
                    IdempotencyStore.keyHash(idempotencyKey), requestHash);
            idempotency.swap(organizationId, idempotencyKey, claim, claim.done());
            return new Created(view, false);
        } catch (RuntimeException e) {
            // not released: a publish that timed out may have reached the log, and a retry that made a new order id
            // would place the order twice (found by the fault suite with a Kafka leader killed)
            idempotency.swap(organizationId, idempotencyKey, claim, claim.unacknowledged());
            throw e;
        }
    }

    /** @param keyHash the orderer's Idempotency-Key (hashed) and {@code requestHash}, on the log to rebuild it */
    private OrderView publish(CreateOrderRequest request, String orderId, Priority priority, Instant now, Caller caller,
                              String keyHash, String requestHash) {
        String areaKey = AreaKey.of(request.location().lat(), request.location().lon(), properties.areaPrecision());
        VisitOrder order = mapper.toOrder(request, orderId, areaKey, priority, now, caller.district());
        // the event id follows from the order id: the same order published again is a repeated event, dropped by id
        VisitRequested event = mapper.toEvent(order, requestedEventId(orderId),
                cipher.seal(orderId, mapper.toDetails(order)), keyHash, requestHash);
        publishOrFail(event);
        readModel.apply(event);
        audit.allowed(caller, AuditTrail.Action.CREATE, orderId);
        log.info("Accepted order {} ({} {}, area {})", orderId, order.serviceCode(), priority, areaKey);
        return readModel.find(orderId).orElseThrow();
    }

    static String requestedEventId(String orderId) {
        return UUID.nameUUIDFromBytes(("visit-requested:" + orderId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * Places an occurrence of a care plan's series as its own order (the series was authorized and audited when it
     * was created); a second call for the same order id changes nothing.
     */
    public OrderView placeOccurrence(VisitOrder order) {
        Optional<OrderView> existing = readModel.find(order.orderId());
        if (existing.isPresent()) {
            return existing.get();
        }
        VisitRequested event = mapper.toEvent(order, UUID.randomUUID().toString(),
                cipher.seal(order.orderId(), mapper.toDetails(order)), null, null);
        publishOrFail(event);
        readModel.apply(event);
        log.info("Placed occurrence {} of series {} ({}, window {} to {})", order.orderId(), order.seriesId(),
                order.serviceCode(), order.window().earliestStart(), order.window().latestStart());
        return readModel.find(order.orderId()).orElseThrow();
    }

    /** An order as intake knows it, without an access check (for its care plan's view, itself checked). */
    public Optional<OrderView> find(String orderId) {
        return readModel.find(orderId);
    }

    /** Cancels an occurrence its series no longer has (paused, changed, ended); false when it can no longer be. */
    public boolean cancelOccurrence(String orderId, String reason) {
        Optional<OrderView> view = readModel.find(orderId);
        if (view.isEmpty() || view.get().status() == OrderStatus.CANCELLED || !view.get().status().cancellable()) {
            return false;
        }
        VisitCancelled event = new VisitCancelled(UUID.randomUUID().toString(), VisitCancelled.SCHEMA_VERSION,
                clock.instant(), orderId, view.get().order().areaKey(), reason);
        publishOrFail(event);
        readModel.apply(event);
        return true;
    }

    /** The order, for its orderer's organization or a supervisor of its district; anyone else: 404. */
    public OrderView get(String orderId, Caller caller) {
        return authorized(orderId, caller, AuditTrail.Action.READ);
    }

    private OrderView authorized(String orderId, Caller caller, AuditTrail.Action action) {
        Optional<OrderView> found = readModel.find(orderId);
        boolean allowed = found.map(OrderView::order).map(VisitOrder::requester)
                .filter(r -> caller.actsFor(Role.ORDERER, r.organizationId()) || caller.supervises(r.district()))
                .isPresent();
        if (!allowed) {
            audit.denied(caller, action, orderId);
            throw ApiProblem.notFound("Order " + orderId); // the same answer whether it exists or not
        }
        audit.allowed(caller, action, orderId);
        return found.get();
    }

    /** Cancels an order; cancelling a cancelled order again has no second effect. */
    public OrderView cancel(String orderId, String reason, Caller caller) {
        OrderView view = authorized(orderId, caller, AuditTrail.Action.CANCEL);
        if (view.status() == OrderStatus.CANCELLED) {
            return view;
        }
        if (!view.status().cancellable()) {
            throw ApiProblem.conflict("The visit is " + view.status() + " and can no longer be cancelled");
        }
        VisitCancelled event = new VisitCancelled(UUID.randomUUID().toString(), VisitCancelled.SCHEMA_VERSION,
                clock.instant(), orderId, view.order().areaKey(), reason == null || reason.isBlank() ? "cancelled by orderer" : reason);
        publishOrFail(event);
        readModel.apply(event);
        log.info("Cancelled order {}", orderId);
        return readModel.find(orderId).orElseThrow();
    }

    private void publishOrFail(CareEvent event) {
        try {
            publisher.publishAndWait(event);
        } catch (EventPublisher.PublishFailedException e) {
            log.warn("Kafka did not acknowledge {} for order: {}", event.type(), e.getMessage());
            throw ApiProblem.unavailable("The order could not be recorded right now (event log unavailable); "
                    + "it was NOT accepted. Retry later with the same Idempotency-Key.", properties.kafkaRetryAfter());
        }
    }

    private String hash(CreateOrderRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
