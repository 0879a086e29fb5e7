package org.carerelay.server;

import ca.uhn.fhir.context.FhirContext;
import javax.sql.DataSource;
import org.carerelay.config.CareRelayProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The limits that sit outside HAPI: the deadline and the body size, as servlet filters in front of the FHIR servlet,
 * the statement timeout on the datasource, and the JSON writer's depth. The limits HAPI sees are interceptors
 * ({@link RequestLimitsInterceptor}, {@link SearchLimitsInterceptor}, {@link InputRulesInterceptor}).
 */
@Configuration
class LimitsConfig {

    LimitsConfig(CareRelayProperties properties) {
        JsonWriteDepth.raiseTo(JsonWriteDepth.forInputDepth(properties.limits().maxDepth()));
    }

    @Bean
    static BeanPostProcessor deadlineOnStatements() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && !(bean instanceof DeadlineDataSource)
                        ? new DeadlineDataSource(dataSource)
                        : bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<RequestDeadline> requestDeadline(CareRelayProperties properties) {
        FilterRegistrationBean<RequestDeadline> registration = new FilterRegistrationBean<>(
                new RequestDeadline(properties.limits().requestTimeout()));
        registration.addUrlPatterns(FhirServerConfig.FHIR_PATH + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(
            FhirContext fhirContext, CareRelayProperties properties) {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(new RequestSizeFilter(
                fhirContext, properties.limits().maxRequestSize().toBytes()));
        registration.addUrlPatterns(FhirServerConfig.FHIR_PATH + "/*");
        return registration;
    }
}
