package org.carecircle.dispatch.supervision;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.carecircle.dispatch.candidates.AreaPauses;
import org.carecircle.dispatch.visit.domain.IllegalTransition;
import org.carecircle.dispatch.visit.domain.Offer;
import org.carecircle.dispatch.visit.domain.Visit;
import org.carecircle.dispatch.visit.domain.VisitRepository;
import org.carecircle.edge.ApiProblem;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Clock;
import java.util.List;

/**
 * The district supervisors' API (SUPERVISOR token; their own district only): live queues per area, escalations,
 * providers on duty, manual assignment and reassignment through the same gates, pausing dispatch in an area.
 */
@RestController
@Validated
class SupervisionController {
    private final Supervision supervision;
    private final ManualAssignment manual;
    private final VisitRepository visits;
    private final AreaPauses pauses;
    private final BoardStream board;
    private final Clock clock;

    SupervisionController(Supervision supervision, ManualAssignment manual, VisitRepository visits, AreaPauses pauses,
                          BoardStream board, Clock clock) {
        this.supervision = supervision;
        this.manual = manual;
        this.visits = visits;
        this.pauses = pauses;
        this.board = board;
        this.clock = clock;
    }

    /** @param override assign a provider who declined this visit earlier (the reason is recorded) */
    record AssignRequest(@NotBlank @Pattern(regexp = Ids.PATTERN) String providerId,
                         @NotBlank @Size(max = 500) String reason, Boolean override) {
        boolean overriding() {
            return Boolean.TRUE.equals(override);
        }
    }

    record PauseRequest(@NotBlank @Size(max = 500) String reason) {
    }

    record Assigned(String orderId, String status, List<String> team) {
    }

    @GetMapping("/dispatch/areas")
    List<Supervision.AreaQueue> areas(Caller caller) {
        return supervision.areas(caller.supervisedDistrict());
    }

    @GetMapping("/dispatch/escalations")
    List<Supervision.Escalation> escalations(Caller caller) {
        return supervision.escalations(caller.supervisedDistrict());
    }

    @GetMapping("/dispatch/providers/on-duty")
    List<Supervision.OnDuty> onDuty(Caller caller) {
        caller.supervisedDistrict();
        return supervision.onDuty();
    }

    /** Everything the console shows at once. */
    @GetMapping("/dispatch/board")
    BoardStream.Board snapshot(Caller caller) {
        return board.snapshot(caller.supervisedDistrict());
    }

    /** The board, pushed as server-sent events ({@code board}) every few seconds. */
    @GetMapping(path = "/dispatch/board/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller) {
        return board.subscribe(caller.supervisedDistrict());
    }

    /** Assigns (or reassigns) the visit to a provider chosen by the supervisor. */
    @PostMapping("/dispatch/visits/{orderId}/assignment")
    Assigned assign(@PathVariable @Pattern(regexp = Ids.PATTERN) String orderId,
                    @Valid @RequestBody AssignRequest request, Caller caller) {
        caller.supervisedDistrict();
        visits.find(orderId).map(VisitRepository.Stored::visit).filter(v -> caller.supervises(v.district()))
                .orElseThrow(() -> ApiProblem.notFound("Visit " + orderId));
        try {
            Visit visit = manual.assign(orderId, request.providerId(), caller.subject(),
                    request.reason(), request.overriding());
            return new Assigned(orderId, visit.status().name(), visit.team().stream().map(Offer::providerId).toList());
        } catch (ManualAssignmentRefused e) {
            throw new ApiProblem(HttpStatus.valueOf(422), "Provider not eligible", e.getMessage(),
                    List.of(new ApiProblem.FieldProblem("providerId", e.getMessage())), null);
        } catch (IllegalTransition e) {
            throw ApiProblem.conflict(e.getMessage());
        }
    }

    @PutMapping("/dispatch/areas/{area}/pause")
    AreaPauses.Pause pause(@PathVariable @Pattern(regexp = "[0-9b-hjkmnp-z]{1,12}") String area,
                           @Valid @RequestBody PauseRequest request, Caller caller) {
        caller.supervisedDistrict();
        AreaPauses.Pause pause = new AreaPauses.Pause(area, caller.subject(), request.reason(), clock.instant());
        pauses.pause(pause);
        return pause;
    }

    @DeleteMapping("/dispatch/areas/{area}/pause")
    ResponseEntity<Void> resume(@PathVariable @Pattern(regexp = "[0-9b-hjkmnp-z]{1,12}") String area, Caller caller) {
        caller.supervisedDistrict();
        pauses.resume(area);
        return ResponseEntity.noContent().build();
    }
}
