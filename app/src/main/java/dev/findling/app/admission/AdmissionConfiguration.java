package dev.findling.app.admission;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Duration;

/**
 * Sizes the {@link ModelAdmissionFilter} to the machine: {@code findling.limits.model-concurrency} requests run at
 * once (0, the default: half the cores, at least one — each run already uses several cores), {@code model-queue}
 * wait (default 8) for at most {@code model-queue-wait} (default 60 s). Registered after the security filters, so a
 * refused or forged request never takes a place.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdmissionConfiguration {

    @Bean
    FilterRegistrationBean<ModelAdmissionFilter> modelAdmissionFilter(
            @Value("${findling.limits.model-concurrency:0}") int concurrency,
            @Value("${findling.limits.model-queue:8}") int queue,
            @Value("${findling.limits.model-queue-wait:60s}") Duration wait) {
        int running = concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        FilterRegistrationBean<ModelAdmissionFilter> registration =
                new FilterRegistrationBean<>(new ModelAdmissionFilter(running, queue, wait));
        registration.setName("findlingModelAdmission");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
