package io.reactivenet.spring.boot.autoconfigure;

import io.reactivenet.spring.boot.ReactiveNetServerLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code reactiveNet} health component ({@link ReactiveNetHealthIndicator}), when Spring Boot's
 * health support ({@code spring-boot-health}, brought by the actuator) is on the class path and the
 * server is configured. {@code management.health.reactive-net.enabled=false} switches it off.
 */
@AutoConfiguration(after = ReactiveNetServerAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(ReactiveNetServerLifecycle.class)
@ConditionalOnEnabledHealthIndicator("reactive-net")
public final class ReactiveNetHealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "reactiveNetHealthIndicator")
    ReactiveNetHealthIndicator reactiveNetHealthIndicator(ReactiveNetServerLifecycle lifecycle) {
        return new ReactiveNetHealthIndicator(lifecycle);
    }
}
