package org.carecircle.dispatch.supervision;

import org.carecircle.dispatch.candidates.AreaPauses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The supervisors' live board: a snapshot of the district (queues per area, visits waiting, escalations,
 * providers on duty, pauses), pushed to every open console every {@code board-interval} as a server-sent event.
 */
@Component
class BoardStream {
    private static final Logger log = LoggerFactory.getLogger(BoardStream.class);
    private final Supervision supervision;
    private final AreaPauses pauses;
    private final Clock clock;
    private final Map<String, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();

    BoardStream(Supervision supervision, AreaPauses pauses, Clock clock) {
        this.supervision = supervision;
        this.pauses = pauses;
        this.clock = clock;
    }

    record Board(Instant at, String district, List<Supervision.AreaQueue> areas, List<Supervision.QueuedVisit> visits,
                 List<Supervision.Escalation> escalations, List<Supervision.OnDuty> onDuty,
                 Map<String, AreaPauses.Pause> paused) {
    }

    Board snapshot(String district) {
        return new Board(clock.instant(), district, supervision.areas(district), supervision.visits(district),
                supervision.escalations(district), supervision.onDuty(), pauses.all());
    }

    SseEmitter subscribe(String district) {
        SseEmitter emitter = new SseEmitter(0L);
        List<SseEmitter> list = subscribers.computeIfAbsent(district, d -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        emitter.onCompletion(() -> list.remove(emitter));
        emitter.onTimeout(() -> list.remove(emitter));
        emitter.onError(e -> list.remove(emitter));
        send(emitter, snapshot(district), list);
        return emitter;
    }

    @Scheduled(fixedDelayString = "${carecircle.dispatch.board-interval:2s}")
    void push() {
        subscribers.forEach((district, list) -> {
            if (!list.isEmpty()) {
                Board board = snapshot(district);
                list.forEach(emitter -> send(emitter, board, list));
            }
        });
    }

    private static void send(SseEmitter emitter, Board board, List<SseEmitter> list) {
        try {
            emitter.send(SseEmitter.event().name("board").id(board.at().toString()).data(board));
        } catch (IOException | IllegalStateException e) {
            log.debug("Console gone: {}", e.getMessage());
            list.remove(emitter);
        }
    }
}
