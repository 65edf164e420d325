package org.carecircle.views;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;

/** One {@link ViewGuard} for the {@link RebuildableView}s of the service. */
@AutoConfiguration
@EnableConfigurationProperties(ViewProperties.class)
public class ViewRebuildAutoConfiguration {
    @Bean
    ViewGuard viewGuard(ObjectProvider<RebuildableView> views, StringRedisTemplate redis,
                        ConsumerFactory<?, ?> consumers, KafkaListenerEndpointRegistry listeners,
                        ApplicationEventPublisher events, ViewProperties properties) {
        return new ViewGuard(views, redis, consumers, listeners, events, properties);
    }
}
