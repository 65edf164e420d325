package org.carecircle.edge;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.List;

/**
 * An error a service answers with deliberately; rendered as {@code application/problem+json}.
 *
 * @param retryAfter set for 429/503 answers: how long the client should wait
 */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final List<FieldProblem> fieldProblems;
    private final Duration retryAfter;

    public ApiProblem(HttpStatus status, String title, String detail, List<FieldProblem> fieldProblems,
                      Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldProblems = List.copyOf(fieldProblems);
        this.retryAfter = retryAfter;
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", what + " does not exist", List.of(), null);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of(), null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, List.of(), null);
    }

    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields",
                List.of(new FieldProblem(field, message)), null);
    }

    public static ApiProblem unavailable(String detail, Duration retryAfter) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, List.of(), retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** One invalid field: its JSON path (e.g. {@code location.lat}) and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }
}
