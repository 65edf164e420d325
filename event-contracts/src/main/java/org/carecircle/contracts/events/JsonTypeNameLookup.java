package org.carecircle.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the wire type names from {@link CareEvent}'s own annotation, so there is one list of them. */
enum JsonTypeNameLookup {
    INSTANCE;

    private final Map<Class<?>, String> names = Arrays.stream(CareEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    String nameOf(Class<?> type) {
        String name = names.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type + " is not registered in CareEvent's @JsonSubTypes");
        }
        return name;
    }

    Map<Class<?>, String> all() {
        return names;
    }
}
