package org.carecircle.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize largest request body accepted (413 above it) */
@ConfigurationProperties("carecircle.http")
public record EdgeProperties(@DefaultValue("64KB") DataSize maxBodySize) {
}
