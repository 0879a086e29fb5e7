package org.carerelay.worklist;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the worklist page: its own files from {@code static/worklist}, the chart library from its WebJar under
 * {@code /worklist/lib/uplot/} (the version comes from the WebJar, pinned in the build, not from the page), and a
 * Content-Security-Policy that lets the page load and call nothing but this server.
 */
@Configuration
class WorklistConfig implements WebMvcConfigurer {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/worklist", WorklistProperties.PATH);
        registry.addViewController(WorklistProperties.PATH).setViewName("forward:/worklist/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/worklist/lib/uplot/**")
                .addResourceLocations(
                        "classpath:/META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist/");
    }

    @Bean
    FilterRegistrationBean<Filter> worklistContentSecurityPolicy() {
        Filter filter = (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/worklist", "/worklist/*");
        return registration;
    }

    static String webJarVersion(String artifact) {
        String path = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = WorklistConfig.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar org.webjars.npm:" + artifact + " is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
