package org.carecircle.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.carecircle.contracts.events.AuditRecorded;
import org.carecircle.contracts.events.CareEvent;
import org.carecircle.contracts.events.CarePlanChanged;
import org.carecircle.contracts.events.EventTypes;
import org.carecircle.contracts.events.GeoPoint;
import org.carecircle.contracts.events.OfferAccepted;
import org.carecircle.contracts.events.OfferDeclined;
import org.carecircle.contracts.events.OfferWithdrawn;
import org.carecircle.contracts.events.PatientPreferences;
import org.carecircle.contracts.events.ProviderAlarm;
import org.carecircle.contracts.events.ProviderProfile;
import org.carecircle.contracts.events.VisitCheckedIn;
import org.carecircle.contracts.events.VisitCompleted;
import org.carecircle.contracts.events.VisitEnRoute;
import org.carecircle.contracts.events.VisitEscalated;
import org.carecircle.contracts.events.VisitSlaBreached;
import org.carecircle.contracts.events.VisitNotDone;
import org.carecircle.contracts.events.VisitRecord;
import org.carecircle.contracts.events.ProviderAvailabilityChanged;
import org.carecircle.contracts.events.ProviderRegistered;
import org.carecircle.contracts.events.Requester;
import org.carecircle.contracts.events.TimeWindow;
import org.carecircle.contracts.events.VisitAssigned;
import org.carecircle.contracts.events.VisitCancelled;
import org.carecircle.contracts.events.SealedDetails;
import org.carecircle.contracts.events.OfferExplanation;
import org.carecircle.contracts.events.VisitOffered;
import org.carecircle.contracts.events.VisitQueued;
import org.carecircle.contracts.events.VisitRequested;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The language-neutral description ({@code carecircle/asyncapi.yaml}) and the Java records cannot drift apart:
 * every topic of the registry is a channel carrying exactly its event types, every record's fields are its
 * schema's properties, and what the production serializer writes validates against the schema.
 */
class ContractDescriptionTest {
    private static final Instant T = Instant.parse("2026-11-22T08:00:00Z");
    private static final JsonNode ASYNCAPI = load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One instance of every event, as the services produce them. */
    static final List<CareEvent> SAMPLES = List.of(
            new VisitRequested("e1", 3, T, "ord-1", "wtw3s", new Requester("chc-1", "COMMUNITY_HEALTH_CENTER", "changning"),
                    "NURSING_WOUND_CARE", "ROUTINE", "pt-1", new GeoPoint(31.22, 121.42),
                    new TimeWindow(T, T.plusSeconds(3600)), new SealedDetails("k1", "bm9uY2U=", "Y2lwaGVy"),
                    new PatientPreferences("FEMALE", List.of("p-9")), LocalDate.of(2026, 10, 30), "ser-7"),
            new VisitRequested("e1b", 3, T, "ord-1", "wtw3s", new Requester("chc-1", "CARE_HOME", "changning"),
                    "NURSING_WOUND_CARE", "URGENT", "pt-1", new GeoPoint(31.22, 121.42), null,
                    new SealedDetails("k1", "bm9uY2U=", "Y2lwaGVy"), null, null, null),
            new VisitRequested("e1c", 4, T, "ord-2", "wtw3s", new Requester("chc-1", "COMMUNITY_HEALTH_CENTER", "changning"),
                    "NURSING_WOUND_CARE", "ROUTINE", "pt-1", new GeoPoint(31.22, 121.42), null,
                    new SealedDetails("k1", "bm9uY2U=", "Y2lwaGVy"), null, null, null, "9f86d081884c7d65", "2c26b46b68ffc68f"),
            new VisitCancelled("e2", 1, T, "ord-1", "wtw3s", "patient admitted"),
            new VisitOffered("e3", 2, T, "ord-1", "wtw3s", "off-1", "p-1", "ns-1", "NURSING_WOUND_CARE", "ROUTINE",
                    "EBIKE", 1200, 5, 1, new TimeWindow(T, T.plusSeconds(7200)), true, new OfferExplanation(7,
                    List.of(new OfferExplanation.Exclusion("p-2", "busy with another offer or visit")), 5, -5, 2, 2, 1.5,
                    "p-2", "busy with another offer or visit"),
                    VisitOffered.PARALLEL),
            new OfferWithdrawn("e4", 1, T, "ord-1", "wtw3s", "off-1", "p-1", "order cancelled"),
            new VisitQueued("e5", 1, T, "ord-1", "wtw3s", "no qualified provider"),
            new VisitAssigned("e6", 2, T, "ord-1", "wtw3s", "off-1", "p-1", "ns-1", 1200, 5, List.of("p-1", "p-4")),
            new OfferAccepted("e7", 1, T, "ord-1", "wtw3s", "off-1", "p-1"),
            new OfferDeclined("e8", 1, T, "ord-1", "wtw3s", "off-1", "p-1", "busy"),
            new ProviderAvailabilityChanged("e9", 1, T, "p-1", "ns-1", true, "ON_DUTY_LOCATED"),
            new ProviderRegistered("e10", 3, T, "p-1", "ns-1", "王**", "NURSE", List.of("NURSE"), "EBIKE",
                    new ProviderProfile("护师", 6, List.of(new ProviderProfile.Credential("NURSE_LICENCE", LocalDate.of(2028, 3, 1))),
                            List.of("huayang"), "FEMALE", List.of("zh-Hans", "wuu"), 8), new GeoPoint(31.2215, 121.4265)),
            new ProviderRegistered("e10b", 3, T, "p-1", "ns-1", "王**", "NURSE", List.of("NURSE"), "EBIKE",
                    ProviderProfile.unspecified(), null),
            new AuditRecorded("e11", 2, T, "ord-1", "user-7", "chc-1", "READ", "ALLOWED", null),
            new AuditRecorded("e12", 2, T, "ord-1", "supervisor-1", null, "REASSIGN", "ALLOWED", "nurse fell ill"),
            new VisitEnRoute("e13", 1, T, "ord-1", "wtw3s", "p-1"),
            new VisitEscalated("e20", 1, T, "ord-1", "wtw3s", "ALL_DECLINED_OR_LAPSED", "3 providers declined", 600, null),
            new VisitEscalated("e20b", 2, T, "ord-1", "wtw3s", "PROVIDER_LEFT_BEFORE_CHECK_IN",
                    "provider p-1: the provider ended their shift before checking in", 300, "p-1"),
            new VisitSlaBreached("e21", 1, T, "ord-1", "wtw3s", "URGENT", 14400, 14500),
            new VisitCheckedIn("e14", 1, T, "ord-1", "wtw3s", "p-1", 35, 12),
            new VisitCompleted("e15", 1, T, "ord-1", "wtw3s", "p-1", new VisitRecord("NURSING_WOUND_CARE", "pt-1", "p-1",
                    LocalDate.of(2026, 11, 22), "wtw3s", 35, T, T.plusSeconds(1800), List.of("NURSING_WOUND_CARE"),
                    new SealedDetails("k1", "bm9uY2U=", "Y2lwaGVy"), LocalDate.of(2026, 11, 29))),
            new VisitCompleted("e16", 1, T, "ord-1", "wtw3s", "p-1", new VisitRecord("CARE_LTC_VISIT", "pt-1", "p-1",
                    LocalDate.of(2026, 11, 22), "wtw3s", 5, T, T.plusSeconds(3600), List.of(), null, null)),
            new VisitNotDone("e17", 1, T, "ord-1", "wtw3s", "p-1", "PATIENT_NOT_HOME"),
            new ProviderAlarm("e18", 1, T, "p-1", "ns-1", "changning", new GeoPoint(31.22, 121.42), "ord-1"),
            new ProviderAlarm("e19", 1, T, "p-1", "ns-1", "changning", new GeoPoint(31.22, 121.42), null),
            new CarePlanChanged("e22", 1, T, "ser-7", "PAUSED", new Requester("chc-1", "COMMUNITY_HEALTH_CENTER",
                    "changning"), "CARE_LTC_VISIT", "SCHEDULED", "pt-1", new GeoPoint(31.22, 121.42),
                    new SealedDetails("k1", "bm9uY2U=", "Y2lwaGVy"), new PatientPreferences("FEMALE", List.of()),
                    LocalDate.of(2026, 10, 30), LocalDate.of(2026, 11, 23), List.of(
                    new CarePlanChanged.Segment(LocalDate.of(2026, 11, 23), "LTC", 4, null, null, LocalTime.of(9, 0),
                            LocalTime.of(10, 0)),
                    new CarePlanChanged.Segment(LocalDate.of(2026, 12, 7), "WEEKLY", null, null, "TUESDAY",
                            LocalTime.of(14, 30), LocalTime.of(15, 0))),
                    List.of(new CarePlanChanged.Pause(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5), "in hospital"),
                            new CarePlanChanged.Pause(LocalDate.of(2026, 12, 20), null, "travelling")),
                    null, null),
            new CarePlanChanged("e23", 1, T, "ser-8", "CREATED", new Requester("chc-1", "CARE_HOME", "changning"),
                    "NURSING_PICC_MAINT", "ROUTINE", "pt-2", new GeoPoint(31.22, 121.42),
                    new SealedDetails("k1", "bm9uY2U=", "Y2lwaGVy"), null, null, LocalDate.of(2026, 11, 23),
                    List.of(new CarePlanChanged.Segment(LocalDate.of(2026, 11, 23), "FAMILY_BED", null, 7, null,
                            LocalTime.of(8, 0), LocalTime.of(8, 0))), List.of(), LocalDate.of(2027, 2, 20), "episode over"));

    @Test
    void everyTopicOfTheRegistryIsAChannelCarryingExactlyItsEventTypes() {
        Set<String> channels = new HashSet<>();
        ASYNCAPI.get("channels").propertyNames().forEach(channels::add);
        assertThat(channels).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Topic.values()).map(Topic::baseName).toList());
        for (Topic topic : Topic.values()) {
            Set<String> messages = new HashSet<>();
            ASYNCAPI.get("channels").get(topic.baseName()).get("messages").propertyNames().forEach(messages::add);
            assertThat(messages).as(topic.baseName())
                    .containsExactlyInAnyOrderElementsOf(topic.eventTypes().stream().map(EventTypes.all()::get).toList());
        }
    }

    @Test
    void everyRecordFieldIsASchemaPropertyAndViceVersa() {
        for (Map.Entry<Class<?>, String> type : EventTypes.all().entrySet()) {
            JsonNode schema = ASYNCAPI.get("components").get("schemas").get(type.getValue());
            assertThat(schema).as("schema of " + type.getValue()).isNotNull();
            Set<String> properties = new HashSet<>();
            schema.get("properties").propertyNames().forEach(properties::add);
            Set<String> fields = Arrays.stream(type.getKey().getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            fields.add("type");
            assertThat(properties).as(type.getValue()).containsExactlyInAnyOrderElementsOf(fields);
        }
    }

    @Test
    void whatTheProducerWritesValidatesAgainstTheSchemaAndReadsBackEqual() {
        assertThat(SAMPLES.stream().<Class<?>>map(CareEvent::getClass).collect(Collectors.toSet()))
                .as("a sample of every event type").containsExactlyInAnyOrderElementsOf(EventTypes.all().keySet());
        try (JacksonJsonSerializer<CareEvent> serializer = new JacksonJsonSerializer<>();
             JacksonJsonDeserializer<CareEvent> deserializer = new JacksonJsonDeserializer<>(CareEvent.class, false)) {
            for (CareEvent event : SAMPLES) {
                byte[] wire = serializer.serialize("any", event);
                JsonNode payload = JSON.readTree(wire);
                List<Error> errors = schemaOf(event.type()).validate(payload);
                assertThat(errors).as(event.type() + " " + payload).isEmpty();
                assertThat(payload.get("type").asString()).isEqualTo(event.type());
                assertThat(deserializer.deserialize("any", wire)).isEqualTo(event);
            }
        }
    }

    @Test
    void theSchemasReallyRejectPayloadsThatDrifted() {
        ObjectNode missingField = (ObjectNode) JSON.valueToTree(SAMPLES.get(3));
        missingField.remove("etaMinutes");
        ObjectNode extraField = (ObjectNode) JSON.valueToTree(SAMPLES.get(3));
        extraField.put("address", "should never be in an offer");
        ObjectNode wrongType = (ObjectNode) JSON.valueToTree(SAMPLES.get(3));
        wrongType.put("distanceMeters", "far");

        Schema offered = schemaOf(VisitOffered.TYPE);
        assertThat(offered.validate(missingField)).isNotEmpty();
        assertThat(offered.validate(extraField)).isNotEmpty();
        assertThat(offered.validate(wrongType)).isNotEmpty();

        CareEvent plan = SAMPLES.stream().filter(CarePlanChanged.class::isInstance).findFirst().orElseThrow();
        ObjectNode addressInClear = (ObjectNode) JSON.valueToTree(plan);
        addressInClear.put("address", "长护路 8号");
        ObjectNode badWindow = (ObjectNode) JSON.valueToTree(plan);
        ((ObjectNode) badWindow.get("segments").get(0)).put("earliestStart", "9 o'clock");
        ObjectNode noSegments = (ObjectNode) JSON.valueToTree(plan);
        noSegments.putArray("segments");
        Schema planSchema = schemaOf(CarePlanChanged.TYPE);
        assertThat(planSchema.validate(JSON.valueToTree(plan))).isEmpty();
        assertThat(planSchema.validate(addressInClear)).isNotEmpty();
        assertThat(planSchema.validate(badWindow)).isNotEmpty();
        assertThat(planSchema.validate(noSegments)).isNotEmpty();
    }

    private static Schema schemaOf(String type) {
        JsonNode schema = ASYNCAPI.get("components").get("schemas").get(type);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(schema.toString(), InputFormat.JSON);
    }

    private static JsonNode load() {
        try (InputStream in = ContractDescriptionTest.class.getResourceAsStream("/carecircle/asyncapi.yaml")) {
            return YAMLMapper.builder().build().readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
