package org.carecircle.provider.offers;

import org.carecircle.contracts.events.VisitEvent;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.kafka.EventPublisher;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.push.SseFanout;
import org.carecircle.edge.security.Caller;
import org.carecircle.edge.security.Role;
import org.carecircle.provider.FieldTransition;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Offer inboxes of providers and nursing stations. Keys: {@code cc:{provider}:offer:<offerId>} (hash: the offer JSON and its
 * status), {@code cc:{provider}:inbox:provider:<id>} and {@code cc:{provider}:inbox:org:<id>} (sorted sets of open offer ids by time);
 * channel {@code cc:push:station-offers:<org>}.
 */
@Service
public class OfferInbox {
    private final StringRedisTemplate redis;
    private final FieldTransition transition;
    private final JsonMapper json;
    private final EventPublisher publisher;
    private final OfferMapper mapper;
    private final SseFanout fanout;
    private final Clock clock;
    private volatile boolean quiet;

    OfferInbox(StringRedisTemplate redis, FieldTransition transition, JsonMapper json, EventPublisher publisher,
               OfferMapper mapper, SseFanout fanout, Clock clock) {
        this.fanout = fanout;
        this.redis = redis;
        this.transition = transition;
        this.json = json;
        this.publisher = publisher;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Files a new offer in the provider's and their station's inbox; a re-delivery changes nothing. */
    public void received(VisitOffered offer) {
        String key = offerKey(offer.offerId());
        if (!redis.opsForHash().putIfAbsent(key, "status", OfferStatus.OPEN.name())) {
            return;
        }
        redis.opsForHash().putAll(key, Map.of("offer", json.writeValueAsString(offer)));
        double at = offer.occurredAt().toEpochMilli();
        redis.opsForZSet().add(providerInboxKey(offer.providerId()), offer.offerId(), at);
        redis.opsForZSet().add(organizationInboxKey(offer.organizationId()), offer.offerId(), at);
        push(offer, OfferStatus.OPEN);
    }

    /** Id of an offer's push event: ordered by time, so a reconnecting client can say what it has seen. */
    static String eventId(OfferView offer) {
        return "%013d-%s".formatted(offer.offeredAt().toEpochMilli(), offer.offerId());
    }

    public static String stationChannel(String organizationId) {
        return "cc:push:station-offers:" + organizationId;
    }

    /** While the inboxes are rebuilt from the log, stations are not pushed the old changes again. */
    public void quiet(boolean quiet) {
        this.quiet = quiet;
    }

    private void push(VisitOffered offer, OfferStatus status) {
        if (quiet) {
            return;
        }
        OfferView view = mapper.toView(offer, status);
        fanout.publish(stationChannel(offer.organizationId()),
                new SseFanout.Event(eventId(view), status == OfferStatus.OPEN ? "offer" : "offer-closed", view));
    }

    /**
     * A station's live offer stream: first every open offer newer than {@code lastEventId} (all when absent), then
     * each new or closed offer as it happens.
     */
    public SseEmitter stream(String organizationId, String lastEventId) {
        List<SseFanout.Event> backlog = organizationInbox(organizationId).stream()
                .filter(o -> lastEventId == null || eventId(o).compareTo(lastEventId) > 0)
                .map(o -> new SseFanout.Event(eventId(o), "offer", o))
                .toList();
        return fanout.subscribe(stationChannel(organizationId), backlog);
    }

    /** @return the offer that became the provider's visit, or null if it was never filed here */
    public VisitOffered assigned(String offerId) {
        return takenBack(offerId) ? null : close(offerId, OfferStatus.ASSIGNED);
    }

    /**
     * Dispatch took the offer back already (WITHDRAWN or CANCELLED, both final): an assignment of it that arrives
     * later — delivered again, or replayed — changes nothing.
     */
    public boolean takenBack(String offerId) {
        Object status = redis.opsForHash().get(offerKey(offerId), "status");
        return OfferStatus.WITHDRAWN.name().equals(status) || OfferStatus.CANCELLED.name().equals(status);
    }

    /**
     * Dispatch took the offer back (lapsed, another provider accepted first, or the order was cancelled). A visit
     * that was already the provider's stays in their inbox as CANCELLED, so that they see it is off.
     *
     * @return the offer taken back, or null if it was never filed here
     */
    public VisitOffered withdrawn(String offerId) {
        if (takenBack(offerId)) { // delivered again: the provider keeps seeing a CANCELLED visit as CANCELLED
            return offer(offerId);
        }
        Object before = redis.opsForHash().get(offerKey(offerId), "status");
        boolean theirs = OfferStatus.ASSIGNED.name().equals(before);
        VisitOffered offer = close(offerId, theirs ? OfferStatus.CANCELLED : OfferStatus.WITHDRAWN);
        if (offer != null && theirs) {
            redis.opsForZSet().add(providerInboxKey(offer.providerId()), offerId, clock.millis());
        }
        return offer;
    }

    private VisitOffered close(String offerId, OfferStatus status) {
        VisitOffered offer = offer(offerId);
        if (offer == null) {
            return null;
        }
        redis.opsForHash().put(offerKey(offerId), "status", status.name());
        redis.opsForZSet().remove(providerInboxKey(offer.providerId()), offerId);
        redis.opsForZSet().remove(organizationInboxKey(offer.organizationId()), offerId);
        push(offer, status);
        return offer;
    }

    public List<OfferView> providerInbox(String providerId) {
        return inbox(providerInboxKey(providerId));
    }

    public List<OfferView> organizationInbox(String organizationId) {
        return inbox(organizationInboxKey(organizationId));
    }

    private List<OfferView> inbox(String key) {
        Set<String> ids = redis.opsForZSet().range(key, 0, 199);
        if (ids == null) {
            return List.of();
        }
        return ids.stream().map(this::view).filter(Objects::nonNull).toList();
    }

    /** The offer, for the provider it was made to or a dispatcher of their organization; anyone else: 404. */
    public OfferView get(String offerId, Caller caller) {
        OfferView view = view(offerId);
        if (view == null || !(caller.isProvider(view.providerId())
                || caller.actsFor(Role.STATION_DISPATCHER, view.organizationId()))) {
            throw ApiProblem.notFound("Offer " + offerId);
        }
        return view;
    }

    /** The provider accepts; dispatch confirms with visit-assigned (or ignores it if the offer is no longer valid). */
    public OfferView accept(String offerId, Caller caller) {
        get(offerId, caller);
        VisitOffered offer = answer(offerId, OfferStatus.ACCEPTING,
                o -> mapper.accepted(o, UUID.randomUUID().toString(), clock.instant()));
        return mapper.toView(offer, OfferStatus.ACCEPTING);
    }

    public OfferView decline(String offerId, String reason, Caller caller) {
        get(offerId, caller);
        VisitOffered offer = answer(offerId, OfferStatus.DECLINED,
                o -> mapper.declined(o, UUID.randomUUID().toString(), clock.instant(), reason));
        return mapper.toView(offer, OfferStatus.DECLINED);
    }

    /**
     * The provider's answer as the log has it (a rebuild): an offer still OPEN becomes ACCEPTING or DECLINED (a
     * declined one leaves the inboxes); one dispatch has settled since (assigned, withdrawn) stays as it is.
     */
    public void answered(String offerId, OfferStatus answered) {
        String found = transition.move(offerKey(offerId), "status", OfferStatus.OPEN.name(), answered.name());
        VisitOffered offer = offer(offerId);
        if (OfferStatus.OPEN.name().equals(found) && answered == OfferStatus.DECLINED && offer != null) {
            redis.opsForZSet().remove(providerInboxKey(offer.providerId()), offerId);
            redis.opsForZSet().remove(organizationInboxKey(offer.organizationId()), offerId);
        }
    }

    /** Moves the offer from OPEN to {@code answered} and publishes the answer; back to OPEN if Kafka refuses it. */
    private VisitOffered answer(String offerId, OfferStatus answered, Function<VisitOffered, VisitEvent> answer) {
        String key = offerKey(offerId);
        String found = transition.move(key, "status", OfferStatus.OPEN.name(), answered.name());
        if (found == null || found.isEmpty()) {
            throw ApiProblem.notFound("Offer " + offerId);
        }
        if (!found.equals(OfferStatus.OPEN.name())) {
            throw ApiProblem.conflict("Offer " + offerId + " is no longer open (it is " + found + ")");
        }
        VisitOffered offer = offer(offerId);
        try {
            publisher.publishAndWait(answer.apply(offer));
        } catch (EventPublisher.PublishFailedException e) {
            transition.move(key, "status", answered.name(), OfferStatus.OPEN.name());
            throw ApiProblem.unavailable("The answer could not be recorded right now; the offer is still open",
                    Duration.ofSeconds(5));
        }
        if (answered == OfferStatus.DECLINED) {
            redis.opsForZSet().remove(providerInboxKey(offer.providerId()), offerId);
            redis.opsForZSet().remove(organizationInboxKey(offer.organizationId()), offerId);
            push(offer, OfferStatus.DECLINED);
        }
        return offer;
    }

    /** The offer as shown in inboxes, with its status; null if it was never filed here. */
    public OfferView view(String offerId) {
        Map<Object, Object> hash = redis.opsForHash().entries(offerKey(offerId));
        if (hash.get("offer") == null) {
            return null;
        }
        return mapper.toView(json.readValue((String) hash.get("offer"), VisitOffered.class),
                OfferStatus.valueOf((String) hash.get("status")));
    }

    private VisitOffered offer(String offerId) {
        Object text = redis.opsForHash().get(offerKey(offerId), "offer");
        return text == null ? null : json.readValue((String) text, VisitOffered.class);
    }

    private static String offerKey(String offerId) {
        return "cc:{provider}:offer:" + offerId;
    }

    private static String providerInboxKey(String providerId) {
        return "cc:{provider}:inbox:provider:" + providerId;
    }

    private static String organizationInboxKey(String organizationId) {
        return "cc:{provider}:inbox:org:" + organizationId;
    }
}
