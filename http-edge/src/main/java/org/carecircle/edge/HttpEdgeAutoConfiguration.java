package org.carecircle.edge;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/** The HTTP edge policy, the same for every CareCircle service. */
@AutoConfiguration
@EnableConfigurationProperties(EdgeProperties.class)
@Import(ProblemResponses.class)
public class HttpEdgeAutoConfiguration {
    @Bean
    public FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(EdgeProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
