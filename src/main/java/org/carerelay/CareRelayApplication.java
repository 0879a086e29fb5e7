package org.carerelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** CareRelay: an HL7 FHIR R4 server for care coordination. */
@SpringBootApplication(
        exclude = {
            // HAPI brings these libraries for its own use; Spring Boot must not wire them on its own.
            ThymeleafAutoConfiguration.class,
            FlywayAutoConfiguration.class,
            QuartzAutoConfiguration.class,
            ElasticsearchRestClientAutoConfiguration.class,
            // the built-in authorization server is wired by security.authorization, only when it is wanted
            OAuth2AuthorizationServerAutoConfiguration.class,
            OAuth2AuthorizationServerJwtAutoConfiguration.class
        })
@ConfigurationPropertiesScan
public class CareRelayApplication {

    public static void main(String[] args) {
        CleanStop.onSigterm();
        SpringApplication.run(CareRelayApplication.class, args);
    }
}
