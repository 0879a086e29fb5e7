package org.carerelay.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The FHIR REST endpoint at {@code /fhir}: HAPI's RestfulServer with the JPA resource providers and the operations
 * CareRelay chooses to expose. Destructive and fetch-from-URL operations (terminology upload, bulk import, package
 * install, $expunge) are deliberately not registered.
 */
@Configuration
class FhirServerConfig {

    static final String FHIR_PATH = "/fhir";

    @Bean
    RestfulServer restfulServer(
            FhirContext fhirContext,
            IFhirSystemDao<?, ?> systemDao,
            DaoRegistry daos,
            ResourceProviderFactory resourceProviders,
            JpaSystemProvider<?, ?> systemProvider,
            ValueSetOperationProvider valueSetProvider,
            DatabaseBackedPagingProvider pagingProvider,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            IInterceptorService storageInterceptors,
            CareRelayProperties properties,
            Optional<BuildProperties> build,
            List<OperationProvider> operationProviders,
            List<ServerInterceptor> serverInterceptors,
            List<StorageInterceptor> storageHooks) {
        fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());
        fhirContext.setParserErrorHandler(new UnknownElementPolicy());
        // A Provenance is about one version of its target; HAPI would store the reference without it.
        Set<String> versioned =
                new HashSet<>(fhirContext.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
        versioned.addAll(List.of("Provenance.target", "Provenance.entity.what"));
        fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths(versioned);

        RestfulServer server = new NamedRestfulServer(
                fhirContext, build.map(BuildProperties::getVersion).orElse("development"));
        server.setImplementationDescription("CareRelay FHIR R4 server for care coordination");
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.registerProvider(valueSetProvider);
        operationProviders.forEach(server::registerProvider);

        CapabilityStatementProvider capabilities = new CapabilityStatementProvider(
                server,
                systemDao,
                storageSettings,
                searchParamRegistry,
                validationSupport,
                daos.getResourceDao(OperationDefinition.class));
        capabilities.setImplementationDescription("CareRelay FHIR R4 server for care coordination");
        server.setServerConformanceProvider(capabilities);

        pagingProvider.setDefaultPageSize(properties.paging().defaultPageSize());
        pagingProvider.setMaximumPageSize(properties.paging().maxPageSize());
        server.setPagingProvider(pagingProvider);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        if (properties.serverAddress() != null && !properties.serverAddress().isBlank()) {
            server.setServerAddressStrategy(new HardcodedServerAddressStrategy(properties.serverAddress()));
        }
        CorsPolicy.interceptor(properties.cors()).ifPresent(server::registerInterceptor);
        serverInterceptors.forEach(server::registerInterceptor);
        storageHooks.forEach(storageInterceptors::registerInterceptor);
        return server;
    }

    /** Takes the place of HAPI's resolver of references in stored resources, which is then left unused. */
    @Primary
    @Bean
    ConditionalReferenceResolver conditionalReferenceResolver() {
        return new ConditionalReferenceResolver();
    }

    /** Takes the place of HAPI's R4 transaction adapter, which drops a failed batch entry's OperationOutcome. */
    @Primary
    @Bean
    BatchEntryOutcomes batchEntryOutcomes() {
        return new BatchEntryOutcomes();
    }

    @Bean
    ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, FHIR_PATH + "/*");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
