package org.carecircle.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are: the surefire configuration passes its root; run from an IDE, the module's parent. */
final class Repository {
    static final Path ROOT = root();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");

    private Repository() {
    }

    private static Path root() {
        String configured = System.getProperty("carecircle.repository.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("deploy/compose.yaml"))) {
            throw new IllegalStateException("not the repository root (no deploy/compose.yaml): " + root);
        }
        return root;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path file) {
        return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
    }
}
