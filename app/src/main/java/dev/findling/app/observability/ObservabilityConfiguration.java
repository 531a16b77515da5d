package dev.findling.app.observability;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the library search timer on the web layer. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration implements WebMvcConfigurer {
    private final LibrarySearchTimer searchTimer;

    ObservabilityConfiguration(LibrarySearchTimer searchTimer) {
        this.searchTimer = searchTimer;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(searchTimer).addPathPatterns("/api/search", "/api/concepts/*/matches", "/library/search");
    }
}
