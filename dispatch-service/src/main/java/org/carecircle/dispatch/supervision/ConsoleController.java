package org.carecircle.dispatch.supervision;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The supervisor console's page (static, {@code /console/index.html}) and its texts: message bundles
 * {@code console/messages_<lang>.properties}, Simplified Chinese by default, English on request. Neither holds data;
 * the page reads the board with the supervisor's token.
 */
@RestController
class ConsoleController {

    @GetMapping({"/console", "/console/"})
    ResponseEntity<Void> page() {
        return ResponseEntity.status(302).location(URI.create("/console/index.html")).build();
    }

    @GetMapping("/console/messages")
    Map<String, String> messages(@RequestParam(defaultValue = "zh-CN") String lang) {
        Locale locale = lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        ResourceBundle bundle = ResourceBundle.getBundle("console/messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> messages = new TreeMap<>();
        bundle.keySet().forEach(key -> messages.put(key, bundle.getString(key)));
        return messages;
    }
}
