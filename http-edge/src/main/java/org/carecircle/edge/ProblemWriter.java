package org.carecircle.edge;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/** Writes a problem response from a servlet filter, where no controller advice runs. */
public final class ProblemWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemResponses.problem(status, title, detail, List.of());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
