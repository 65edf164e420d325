package org.carecircle.live;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/** The live provider store for any service with Redis: one {@link LiveProviders}. */
@AutoConfiguration
public class LiveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LiveProviders liveProviders(StringRedisTemplate redis, JsonMapper json, org.springframework.beans.factory.ObjectProvider<Clock> clock) {
        return new LiveProviders(redis, json, clock.getIfAvailable(Clock::systemUTC));
    }
}
