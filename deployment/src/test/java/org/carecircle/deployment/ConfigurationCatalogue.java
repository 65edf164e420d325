package org.carecircle.deployment;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which configuration properties exist, and so which environment variables a service can be given meaningfully.
 * <ul>
 *   <li>{@code spring.*}, {@code server.*}, {@code management.*}, ...: Spring Boot's configuration metadata
 *       ({@code META-INF/spring-configuration-metadata.json} of every jar on the services' classpath);</li>
 *   <li>{@code carecircle.*}: the project's {@code @ConfigurationProperties} classes, found by scanning
 *       {@code org.carecircle} and read component by component (records) or field by field, each attributed to
 *       the module (jar or classes folder) it comes from, so that a service is offered only its own modules'.</li>
 * </ul>
 * An environment variable binds to a property the way Spring Boot binds the real environment: through a
 * {@link SystemEnvironmentPropertySource} and {@link ConfigurationPropertySource}, so {@code CARECIRCLE_SECURITY_JWK_SET_URI}
 * reaches {@code carecircle.security.jwk-set-uri} and {@code CARECIRCLE_CRYPTO_KEYS_K1} the map
 * {@code carecircle.crypto.keys} — and {@code CARECIRCLE_SECURITY_JWKS_URI} reaches nothing.
 */
final class ConfigurationCatalogue {

    /** One known property: its name, whether it takes sub-keys (maps, lists), where it comes from. */
    record Property(ConfigurationPropertyName name, boolean hasDescendants, String origin) {
    }

    private static final Set<Class<?>> LEAF_TYPES = Set.of(String.class, Boolean.class, Character.class,
            Class.class, Resource.class, java.nio.charset.Charset.class, java.util.Locale.class,
            java.time.ZoneId.class, java.util.TimeZone.class, java.util.regex.Pattern.class, java.net.URI.class,
            java.net.URL.class, java.net.InetAddress.class, org.springframework.util.unit.DataSize.class,
            org.springframework.util.MimeType.class);

    private final List<Property> spring;
    private final Map<String, List<Property>> carecircleByModule;

    private ConfigurationCatalogue(List<Property> spring, Map<String, List<Property>> carecircleByModule) {
        this.spring = spring;
        this.carecircleByModule = carecircleByModule;
    }

    static ConfigurationCatalogue load(Collection<String> modules) {
        return new ConfigurationCatalogue(springMetadata(), carecircleProperties(modules));
    }

    /** Every property {@code service} can bind: Spring Boot's and those of its own modules. */
    List<Property> propertiesOf(CareCircleService service) {
        List<Property> all = new ArrayList<>(spring);
        for (String module : service.modules()) {
            all.addAll(carecircleByModule.getOrDefault(module, List.of()));
        }
        return all;
    }

    /** The project's own properties, by module (for the report of a test failure and for sanity checks). */
    Map<String, List<Property>> carecircleByModule() {
        return carecircleByModule;
    }

    int springPropertyCount() {
        return spring.size();
    }

    /** The properties that the environment variable {@code name} would set, as Spring Boot binds the environment. */
    static List<Property> boundBy(String name, List<Property> candidates) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, "value")));
        List<Property> bound = new ArrayList<>();
        for (Property property : candidates) {
            if (source.getConfigurationProperty(property.name()) != null
                    || (property.hasDescendants()
                    && source.containsDescendantOf(property.name()) == ConfigurationPropertyState.PRESENT)) {
                bound.add(property);
            }
        }
        return bound;
    }

    // --- Spring Boot's metadata -----------------------------------------------------------------------------

    private static List<Property> springMetadata() {
        Map<String, Property> properties = new LinkedHashMap<>();
        JsonMapper json = JsonMapper.builder().build();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json");
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    JsonNode root = json.readTree(in);
                    for (JsonNode property : root.path("properties")) {
                        String name = property.path("name").asString();
                        String type = property.path("type").asString("");
                        boolean descendants = type.startsWith("java.util.Map") || type.startsWith("java.util.List")
                                || type.startsWith("java.util.Set") || type.startsWith("java.util.Collection")
                                || type.endsWith("[]");
                        if (ConfigurationPropertyName.isValid(name)) {
                            properties.putIfAbsent(name, new Property(ConfigurationPropertyName.of(name), descendants,
                                    file.getDescription()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(properties.values());
    }

    // --- the project's @ConfigurationProperties ------------------------------------------------------------

    private static Map<String, List<Property>> carecircleProperties(Collection<String> modules) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true; // nested records too
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, List<Property>> byModule = new HashMap<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("org.carecircle")) {
            Class<?> type;
            try {
                type = Class.forName(definition.getBeanClassName(), false, ConfigurationCatalogue.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            String module = moduleOf(type, modules);
            List<Property> into = byModule.computeIfAbsent(module, m -> new ArrayList<>());
            collect(type, prefix, type.getName(), into, new TreeSet<>());
        }
        return byModule;
    }

    private static void collect(Class<?> type, String prefix, String origin, List<Property> into, Set<String> path) {
        if (!path.add(type.getName())) {
            return;
        }
        for (Map.Entry<String, java.lang.reflect.Type> member : members(type).entrySet()) {
            String name = prefix + "." + kebab(member.getKey());
            Class<?> raw = raw(member.getValue());
            if (Map.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw) || raw.isArray()) {
                into.add(new Property(ConfigurationPropertyName.of(name), true, origin));
            } else if (isLeaf(raw)) {
                into.add(new Property(ConfigurationPropertyName.of(name), false, origin));
            } else {
                into.add(new Property(ConfigurationPropertyName.of(name), true, origin));
                collect(raw, name, origin, into, path);
            }
        }
        path.remove(type.getName());
    }

    private static Map<String, java.lang.reflect.Type> members(Class<?> type) {
        Map<String, java.lang.reflect.Type> members = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                members.put(component.getName(), component.getGenericType());
            }
        } else {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        members.putIfAbsent(field.getName(), field.getGenericType());
                    }
                }
            }
        }
        return members;
    }

    private static Class<?> raw(java.lang.reflect.Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || Number.class.isAssignableFrom(type)
                || LEAF_TYPES.stream().anyMatch(leaf -> leaf.isAssignableFrom(type))
                || Temporal.class.isAssignableFrom(type) || TemporalAmount.class.isAssignableFrom(type)
                || type == Optional.class || type == Object.class || !type.getName().startsWith("org.carecircle.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The module a class comes from: the path segment of its jar or classes folder that names a module. */
    private static String moduleOf(Class<?> type, Collection<String> modules) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        for (String module : modules) {
            if (location.contains("/" + module + "/")) {
                return module;
            }
        }
        throw new IllegalStateException("cannot tell the module of " + type.getName() + " from " + location);
    }
}
