package io.userbound.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against an in-process Userbound server, one per class: the same as
 * {@code @ExtendWith(UserboundExtension.class)}. Test and lifecycle methods declare what they need as parameters
 * ({@link UserboundServer}, {@link Admin}, {@link IntegrationUser}, and the integration user's
 * {@link io.userbound.client.RestClient} and {@link io.userbound.client.TokenClient}); see {@link UserboundExtension}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(UserboundExtension.class)
public @interface Userbound {
}
