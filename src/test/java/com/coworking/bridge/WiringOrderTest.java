package com.coworking.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.TypeConverter;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import com.coworking.bridge.db.DatabaseSettings;
import com.coworking.bridge.intake.SvixSignatureCheck;
import com.coworking.bridge.link.Links;

/**
 * Camel fills a {@code @BindToRegistry} method's parameter with the one bean of its type in the registry, and with
 * null when there is none yet - silently. So every bean a package's configuration takes must be bound before: by
 * {@link SettingsCheck}, by a configuration earlier in {@link BridgeApplication#packageConfigurations}, or, within one
 * class, by a method Camel calls first. Camel calls a class's methods in three rounds: those without parameters,
 * those whose parameters no method of the class with parameters makes, then the rest; the order within a round is
 * not defined.
 */
class WiringOrderTest {

    @Test
    void everyBeanAConfigurationTakesIsBoundBeforeItIsTaken() {
        List<Class<?>> bound = new ArrayList<>(List.of(CamelContext.class, Registry.class, TypeConverter.class, Links.class,
                SvixSignatureCheck.class, DatabaseSettings.class));
        List<String> problems = new ArrayList<>();
        for (CamelConfiguration configuration : BridgeApplication.packageConfigurations(Clock.systemUTC())) {
            List<Method> methods = Arrays.stream(configuration.getClass().getDeclaredMethods())
                    .filter(method -> method.isAnnotationPresent(BindToRegistry.class)).sorted(Comparator.comparing(Method::getName)).toList();
            for (int round = 0; round <= 2; round++) {
                List<Class<?>> madeThisRound = new ArrayList<>();
                for (Method method : methods) {
                    if (round(method, methods) != round) {
                        continue;
                    }
                    for (Parameter parameter : method.getParameters()) {
                        if (parameter.isAnnotationPresent(PropertyInject.class) || parameter.isAnnotationPresent(BeanInject.class)) {
                            continue;
                        }
                        long candidates = bound.stream().filter(type -> parameter.getType().isAssignableFrom(type)).count();
                        if (candidates != 1) {
                            problems.add(configuration.getClass().getSimpleName() + "." + method.getName() + " takes a "
                                    + parameter.getType().getSimpleName() + ": " + candidates + " bound before it");
                        }
                    }
                    madeThisRound.add(method.getReturnType());
                }
                bound.addAll(madeThisRound);
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The round in which Camel's DefaultCamelBeanPostProcessor calls the method. */
    private static int round(Method method, List<Method> methods) {
        if (method.getParameterCount() == 0) {
            return 0;
        }
        boolean takesWhatTheClassMakes = Arrays.stream(method.getParameterTypes()).anyMatch(type -> methods.stream()
                .anyMatch(other -> other.getParameterCount() > 0 && type.isAssignableFrom(other.getReturnType())));
        return takesWhatTheClassMakes ? 2 : 1;
    }
}
