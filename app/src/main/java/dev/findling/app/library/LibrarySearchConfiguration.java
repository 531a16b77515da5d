package dev.findling.app.library;

import dev.findling.personalize.library.LibraryConceptSearch;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link LibraryConceptSearch} per process, so the pages, the API and {@code find --library} share its caches. */
@Configuration(proxyBeanMethods = false)
class LibrarySearchConfiguration {
    @Bean
    LibraryConceptSearch libraryConceptSearch() {
        return new LibraryConceptSearch();
    }
}
