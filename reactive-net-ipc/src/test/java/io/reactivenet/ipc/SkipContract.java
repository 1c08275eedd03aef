package io.reactivenet.ipc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables named tests inherited from a core contract, with the reason in the report: for behaviour
 * a Unix socket (or one of its transports) does not have. The contract methods are package-private
 * in another package, so they cannot be overridden.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SkipContract.Condition.class)
@interface SkipContract {

    /** Test method names to disable; empty: all of the class. */
    String[] value() default {};

    String reason();

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<SkipContract> skip = context.getTestClass().map(c -> c.getAnnotation(SkipContract.class));
            if (skip.isEmpty() || context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("not a skipped contract test");
            }
            String method = context.getTestMethod().get().getName();
            String[] names = skip.get().value();
            if (names.length == 0 || Arrays.asList(names).contains(method)) {
                return ConditionEvaluationResult.disabled(skip.get().reason());
            }
            return ConditionEvaluationResult.enabled("not listed");
        }
    }
}
