package dev.findling.app.cli;

import dev.findling.app.command.ErrorMessage;
import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One line that tells a user why the application did not start or a command failed. Configuration mistakes name the property, the
 * value, where the value came from and what would be accepted:
 * {@code invalid configuration: findling.device = "gpu" (System Environment Property "FINDLING_DEVICE"): expected one of cpu, cuda, auto}.
 */
public final class StartupFailures {
    private StartupFailures() {
    }

    public static String describe(Throwable failure) {
        BindValidationException validation = find(failure, BindValidationException.class);
        if (validation != null) {
            return "invalid configuration: " + describe(validation.getValidationErrors());
        }
        BindException binding = find(failure, BindException.class);
        if (binding != null) {
            return "invalid configuration: " + describe(binding);
        }
        if (failure instanceof BeansException) {
            // Bean-creation wrappers say which bean failed, not why; the root cause says why.
            return ErrorMessage.of(deepest(failure));
        }
        return ErrorMessage.of(failure);
    }

    private static String describe(ValidationErrors errors) {
        return errors.getAllErrors().stream().map(error -> describe(errors, error)).collect(Collectors.joining("; "));
    }

    private static String describe(ValidationErrors errors, ObjectError error) {
        if (!(error instanceof FieldError field)) {
            return errors.getName() + ": " + error.getDefaultMessage();
        }
        ConfigurationPropertyName name = errors.getName().append(DataObjectPropertyName.toDashedForm(field.getField()));
        Origin origin = errors.getBoundProperties().stream()
                .filter(p -> p.getName().equals(name))
                .map(ConfigurationProperty::getOrigin)
                .findFirst().orElse(null);
        return name + " = " + quoted(field.getRejectedValue()) + from(origin) + ": " + field.getDefaultMessage();
    }

    private static String describe(BindException binding) {
        ConfigurationProperty property = binding.getProperty();
        String name = property != null ? property.getName().toString() : binding.getName().toString();
        String value = property != null ? " = " + quoted(property.getValue()) : "";
        Origin origin = property != null ? property.getOrigin() : null;
        Class<?> target = binding.getTarget().getType().resolve();
        String reason = target != null && target.isEnum()
                ? "expected one of " + Arrays.stream(target.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))
                : "cannot be read as " + (target == null ? "the expected type" : target.getSimpleName())
                        + " (" + ErrorMessage.of(deepest(binding)) + ")";
        return name + value + from(origin) + ": " + reason;
    }

    private static String from(Origin origin) {
        return origin == null ? "" : " (" + origin + ")";
    }

    private static String quoted(Object value) {
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The root cause: Spring wraps the real reason in bean-creation exceptions whose messages are noise. */
    private static Throwable deepest(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
