package org.carecircle.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses request bodies over the configured size with 413: up front when Content-Length says so, and while
 * reading when a chunked body grows past the limit.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {
    private final long maxBytes;

    public BodySizeLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            reject(response);
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, maxBytes);
        try {
            chain.doFilter(limited, response);
        } catch (ServletException | RuntimeException e) {
            if (limited.exceeded && !response.isCommitted()) {
                response.reset();
                reject(response);
                return;
            }
            throw e;
        }
        if (limited.exceeded && !response.isCommitted()) {
            response.reset();
            reject(response);
        }
    }

    private void reject(HttpServletResponse response) throws IOException {
        ProblemWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                "The request body exceeds " + maxBytes + " bytes");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private boolean exceeded;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = delegate.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = delegate.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > maxBytes) {
                            exceeded = true;
                            throw new IOException("request body exceeds " + maxBytes + " bytes");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
