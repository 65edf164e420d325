package org.carecircle.infra;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers (the client alone is not enough). */
public final class Docker {
    private Docker() {
    }

    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
