package org.carecircle.edge.security;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.carecircle.edge.ProblemWriter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Per-client rate limit (token bucket per authenticated subject, in Redis so every instance shares it); over the
 * limit → 429 problem with Retry-After. Runs after authentication, so anonymous requests were already refused.
 */
public class RateLimitFilter extends OncePerRequestFilter implements DisposableBean {
    private final LettuceConnectionFactory connectionFactory;
    private final String service;
    private final BucketConfiguration configuration;
    private volatile io.lettuce.core.api.StatefulConnection<String, byte[]> connection;
    private volatile ProxyManager<String> buckets;

    public RateLimitFilter(LettuceConnectionFactory connectionFactory, String service, RateLimitProperties properties) {
        this.connectionFactory = connectionFactory;
        this.service = service;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(properties.burst())
                        .refillGreedy(properties.requestsPerMinute(), Duration.ofMinutes(1)))
                .build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        String key = "cc:ratelimit:" + service + ":" + authentication.getName();
        ConsumptionProbe probe = buckets().builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            response.setHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
            chain.doFilter(request, response);
            return;
        }
        long waitSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()));
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(waitSeconds));
        ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                "Rate limit exceeded for this client; retry after " + waitSeconds + " s");
    }

    private ProxyManager<String> buckets() {
        if (buckets == null) {
            synchronized (this) {
                if (buckets == null) {
                    RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
                    // a single server or Sentinel gives a RedisClient, a Redis Cluster a RedisClusterClient (each
                    // bucket is one key, so it lives in one slot)
                    Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder;
                    if (connectionFactory.getNativeClient() instanceof RedisClusterClient cluster) {
                        StatefulRedisClusterConnection<String, byte[]> clustered = cluster.connect(codec);
                        connection = clustered;
                        builder = Bucket4jLettuce.casBasedBuilder(clustered);
                    } else {
                        StatefulRedisConnection<String, byte[]> single =
                                ((RedisClient) connectionFactory.getNativeClient()).connect(codec);
                        connection = single;
                        builder = Bucket4jLettuce.casBasedBuilder(single);
                    }
                    buckets = builder.expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
                            .build();
                }
            }
        }
        return buckets;
    }

    @Override
    public void destroy() {
        if (connection != null && connection.isOpen()) {
            connection.close();
        }
    }
}
