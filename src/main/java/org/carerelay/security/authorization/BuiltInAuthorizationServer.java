package org.carerelay.security.authorization;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Security is on and no external issuer is named: this server issues its own tokens. */
final class BuiltInAuthorizationServer implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String issuer = environment.getProperty("carerelay.security.issuer");
        return environment.getProperty("carerelay.security.enabled", Boolean.class, false)
                && (issuer == null || issuer.isBlank());
    }
}
