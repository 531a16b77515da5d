package dev.findling.app.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The web server's guards, ahead of everything else so that a refused request is never parsed (no multipart
 * upload is read): the API token for {@code /api/} writes, the same-origin check for the web forms, and
 * {@code SameSite=Strict} on every cookie the server sets.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(SecurityProperties properties) {
        FilterRegistrationBean<ApiTokenFilter> registration =
                new FilterRegistrationBean<>(new ApiTokenFilter(properties.apiToken().orElse(null)));
        registration.setName("findlingApiToken");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<SameOriginFormFilter> sameOriginFormFilter(SecurityProperties properties) {
        FilterRegistrationBean<SameOriginFormFilter> registration =
                new FilterRegistrationBean<>(new SameOriginFormFilter(properties.allowedOrigins()));
        registration.setName("findlingSameOriginForms");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    /** Every cookie — today only a servlet session cookie, if anything ever creates a session. */
    @Bean
    CookieSameSiteSupplier strictSameSiteCookies() {
        return CookieSameSiteSupplier.ofStrict();
    }
}
