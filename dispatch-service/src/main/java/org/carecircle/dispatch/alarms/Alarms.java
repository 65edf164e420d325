package org.carecircle.dispatch.alarms;

import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.edge.push.SseFanout;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * One-key alarms of providers, for the supervisors of their district: the latest 100 per district in Redis
 * ({@code cc:{dispatch}:alarms:<district>}) and pushed at once to every connected supervisor, on any instance.
 */
@Service
public class Alarms {
    private static final int KEEP = 100;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final SseFanout fanout;

    Alarms(StringRedisTemplate redis, JsonMapper json, SseFanout fanout) {
        this.redis = redis;
        this.json = json;
        this.fanout = fanout;
    }

    void raised(ProviderAlarm alarm) {
        String key = "cc:{dispatch}:alarms:" + alarm.district();
        String text = json.writeValueAsString(alarm);
        if (redis.opsForList().range(key, 0, KEEP).contains(text)) {
            return; // a re-delivery
        }
        redis.opsForList().leftPush(key, text);
        redis.opsForList().trim(key, 0, KEEP - 1);
        fanout.publish(channel(alarm.district()), new SseFanout.Event(alarm.eventId(), "alarm", alarm));
    }

    public List<ProviderAlarm> recent(String district) {
        return redis.opsForList().range("cc:{dispatch}:alarms:" + district, 0, KEEP - 1).stream()
                .map(text -> json.readValue(text, ProviderAlarm.class)).toList();
    }

    public SseEmitter stream(String district) {
        return fanout.subscribe(channel(district), List.of());
    }

    private static String channel(String district) {
        return "cc:push:alarms:" + district;
    }
}
