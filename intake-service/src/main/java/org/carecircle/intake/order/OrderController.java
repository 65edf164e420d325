package org.carecircle.intake.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.carecircle.contracts.catalogue.ServiceCatalogue;
import org.carecircle.contracts.catalogue.ServiceDefinition;
import org.carecircle.edge.security.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Collection;

/** The orders API of community health centers, nursing stations and care homes (every call needs a token). */
@RestController
@Validated
class OrderController {
    private final OrderIntake intake;
    private final OrderMapper mapper;
    private final ServiceCatalogue catalogue;

    OrderController(OrderIntake intake, OrderMapper mapper, ServiceCatalogue catalogue) {
        this.intake = intake;
        this.mapper = mapper;
        this.catalogue = catalogue;
    }

    /** 202 once Kafka acknowledged the order; a repeat with the same Idempotency-Key returns the same order. */
    @PostMapping("/orders")
    ResponseEntity<OrderResponse> create(
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 8, max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]+") String idempotencyKey,
            @Valid @RequestBody CreateOrderRequest request, Caller caller) {
        OrderIntake.Created created = intake.create(request, idempotencyKey, caller);
        OrderResponse body = mapper.toResponse(created.order());
        return ResponseEntity.accepted()
                .location(URI.create("/orders/" + body.orderId()))
                .header("Idempotent-Replayed", String.valueOf(created.replayed()))
                .body(body);
    }

    @GetMapping("/orders/{orderId}")
    OrderResponse get(@PathVariable @Size(max = 64) String orderId, Caller caller) {
        return mapper.toResponse(intake.get(orderId, caller));
    }

    @PostMapping("/orders/{orderId}/cancel")
    ResponseEntity<OrderResponse> cancel(@PathVariable @Size(max = 64) String orderId,
                                         @Valid @RequestBody(required = false) CancelOrderRequest request,
                                         Caller caller) {
        return ResponseEntity.accepted().body(mapper.toResponse(
                intake.cancel(orderId, request == null ? null : request.reason(), caller)));
    }

    /** The service catalogue: which service codes may be ordered. */
    @GetMapping("/catalogue/services")
    Collection<ServiceDefinition> services() {
        return catalogue.all();
    }
}
