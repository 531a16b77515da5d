package dev.findling.app.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs (UI at /swagger-ui.html); springdoc collects the operations under /api. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI findlingOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI().info(new Info()
                .title("Findling API")
                .version(version == null ? "development" : version)
                .description("The Findling REST API, over the same core as the web pages and the CLI. Errors are RFC 9457 "
                        + "problem details (application/problem+json)."));
    }
}
