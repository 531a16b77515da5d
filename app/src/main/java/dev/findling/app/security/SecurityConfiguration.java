package dev.findling.app.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/**
 * The web server's guards, ahead of everything else so that a refused request is never parsed (no multipart
 * upload is read), in this order: the {@code Host} allowlist for every request, the same-origin check for every
 * write, the token (or a logged-in browser session) for {@code /api/} writes, the login for the web forms; one
 * {@link TokenGuessLimiter} for every place a token is compared, and {@code SameSite=Strict} on every cookie the server sets.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration implements WebMvcConfigurer {
    private final ApiToken token;

    SecurityConfiguration(SecurityProperties properties) {
        this.token = ApiToken.of(properties.apiToken());
    }

    @Bean
    ApiToken apiToken() {
        return token;
    }

    /** One count of wrong tokens per client, shared by the login, the API filter and the form filter. */
    @Bean
    TokenGuessLimiter tokenGuessLimiter(SecurityProperties properties) {
        return new TokenGuessLimiter(properties.maxTokenFailures(), properties.tokenFailureWindow(),
                TokenGuessLimiter.MAX_CLIENTS, Clock.systemUTC());
    }

    @Bean
    OriginCheck originCheck(SecurityProperties properties) {
        return new OriginCheck(properties.allowedOrigins());
    }

    @Bean
    FilterRegistrationBean<HostAllowlistFilter> hostAllowlistFilter(SecurityProperties properties, Environment environment) {
        AllowedHosts hosts = new AllowedHosts(properties.allowedHosts(), properties.allowedOrigins(),
                environment.getProperty("server.address"));
        FilterRegistrationBean<HostAllowlistFilter> registration = new FilterRegistrationBean<>(new HostAllowlistFilter(hosts));
        registration.setName("findlingHostAllowlist");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SameOriginWriteFilter> sameOriginWriteFilter(OriginCheck origins) {
        FilterRegistrationBean<SameOriginWriteFilter> registration =
                new FilterRegistrationBean<>(new SameOriginWriteFilter(origins));
        registration.setName("findlingSameOriginWrites");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 9);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(OriginCheck origins, TokenGuessLimiter guesses) {
        FilterRegistrationBean<ApiTokenFilter> registration =
                new FilterRegistrationBean<>(new ApiTokenFilter(token, origins, guesses));
        registration.setName("findlingApiToken");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<FormLoginFilter> formLoginFilter(OriginCheck origins, TokenGuessLimiter guesses) {
        FilterRegistrationBean<FormLoginFilter> registration =
                new FilterRegistrationBean<>(new FormLoginFilter(token, origins, guesses));
        registration.setName("findlingFormLogin");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LoginViewInterceptor(token));
    }

    /** Every cookie — the servlet session cookie of a browser login. */
    @Bean
    CookieSameSiteSupplier strictSameSiteCookies() {
        return CookieSameSiteSupplier.ofStrict();
    }
}
