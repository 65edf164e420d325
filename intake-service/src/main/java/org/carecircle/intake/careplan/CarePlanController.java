package org.carecircle.intake.careplan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.carecircle.edge.Ids;
import org.carecircle.edge.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Care plans of the ordering organization (ORDERER; a district supervisor may read and change them too): a series
 * of visits, its upcoming occurrences, pause, resume, change from a date, end.
 */
@RestController
@Validated
class CarePlanController {
    private final CarePlans plans;

    CarePlanController(CarePlans plans) {
        this.plans = plans;
    }

    @PostMapping("/care-plans")
    @ResponseStatus(HttpStatus.CREATED)
    CarePlans.View create(@Valid @RequestBody CarePlanRequest request, Caller caller) {
        return plans.create(request, caller);
    }

    @GetMapping("/care-plans")
    java.util.List<CarePlans.Summary> list(Caller caller) {
        return plans.list(caller);
    }

    @GetMapping("/care-plans/{seriesId}")
    CarePlans.View get(@PathVariable @Pattern(regexp = Ids.PATTERN) String seriesId, Caller caller) {
        return plans.get(seriesId, caller);
    }

    @PostMapping("/care-plans/{seriesId}/pause")
    CarePlans.View pause(@PathVariable @Pattern(regexp = Ids.PATTERN) String seriesId,
                         @Valid @RequestBody CarePlanRequest.Pause request, Caller caller) {
        return plans.change(seriesId, caller, CarePlanLog.Action.PAUSED,
                p -> p.pause(request.from(), request.reason()));
    }

    @PostMapping("/care-plans/{seriesId}/resume")
    CarePlans.View resume(@PathVariable @Pattern(regexp = Ids.PATTERN) String seriesId,
                          @Valid @RequestBody CarePlanRequest.Resume request, Caller caller) {
        return plans.change(seriesId, caller, CarePlanLog.Action.RESUMED, p -> p.resume(request.on()));
    }

    @PostMapping("/care-plans/{seriesId}/change")
    CarePlans.View change(@PathVariable @Pattern(regexp = Ids.PATTERN) String seriesId,
                          @Valid @RequestBody CarePlanRequest.Change request, Caller caller) {
        return plans.change(seriesId, caller, CarePlanLog.Action.CHANGED, p -> p.changeFrom(request.from(),
                request.recurrence().toDomain(), request.window().earliestStart(), request.window().latestStart(),
                plans.properties().rules()));
    }

    @PostMapping("/care-plans/{seriesId}/end")
    CarePlans.View end(@PathVariable @Pattern(regexp = Ids.PATTERN) String seriesId,
                       @Valid @RequestBody CarePlanRequest.End request, Caller caller) {
        return plans.change(seriesId, caller, CarePlanLog.Action.ENDED, p -> p.end(request.lastDay(), request.reason()));
    }
}
