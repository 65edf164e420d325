package org.carecircle.deployment;

import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The three services as their code declares them: the port of their own {@code <service>.yml} (on the test
 * classpath through the service's jar), the modules whose configuration properties they bind, and whether they
 * seal visit details (intake-service, provider-service) and so need the crypto keys.
 */
enum CareCircleService {
    INTAKE("intake-service", true),
    PROVIDER("provider-service", true),
    DISPATCH("dispatch-service", false);

    private final String serviceName;
    private final boolean sealsDetails;

    CareCircleService(String serviceName, boolean sealsDetails) {
        this.serviceName = serviceName;
        this.sealsDetails = sealsDetails;
    }

    String serviceName() {
        return serviceName;
    }

    boolean sealsDetails() {
        return sealsDetails;
    }

    /**
     * The project's modules on this service's runtime classpath: the service and its pom's non-test
     * {@code org.carecircle} dependencies, transitively (read from the poms in the repository).
     */
    Set<String> modules() {
        Set<String> modules = new LinkedHashSet<>();
        collectModules(serviceName, modules);
        return modules;
    }

    private static void collectModules(String module, Set<String> into) {
        if (!into.add(module)) {
            return;
        }
        Path pom = Repository.ROOT.resolve(module).resolve("pom.xml");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            NodeList dependencies = document.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                if (!(dependency.getParentNode() instanceof Element parent)
                        || !parent.getTagName().equals("dependencies")
                        || !(parent.getParentNode() instanceof Element project)
                        || !project.getTagName().equals("project")) {
                    continue; // dependencyManagement, plugins
                }
                String group = text(dependency, "groupId");
                String scope = text(dependency, "scope");
                if ("org.carecircle".equals(group) && (scope == null || scope.equals("compile") || scope.equals("runtime"))) {
                    collectModules(text(dependency, "artifactId"), into);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(tag)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }

    /** {@code server.port} of the service's own configuration file, as packaged in its jar. */
    int port() {
        Object port = path(config(), "server", "port");
        if (port == null) {
            throw new IllegalStateException(serviceName + ".yml has no server.port");
        }
        return Integer.parseInt(port.toString());
    }

    /** {@code spring.kafka.consumer.group-id} of the service's own configuration file. */
    String consumerGroup() {
        Object group = path(config(), "spring", "kafka", "consumer", "group-id");
        return group == null ? null : group.toString();
    }

    Map<String, Object> config() {
        ClassPathResource resource = new ClassPathResource(serviceName + ".yml");
        try (InputStream in = resource.getInputStream()) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no " + serviceName + ".yml on the classpath (is the service a test "
                    + "dependency of deployment/?)", e);
        }
    }

    static CareCircleService named(String name) {
        for (CareCircleService service : values()) {
            if (service.serviceName.equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("not a CareCircle service: " + name);
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object node = map;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?>)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }
}
