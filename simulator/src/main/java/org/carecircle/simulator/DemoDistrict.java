package org.carecircle.simulator;

import org.carecircle.contracts.events.GeoPoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A demo district modelled on Shanghai's Changning: its ten sub-districts (街道/镇) with approximate centres,
 * one community health center in each, 14 socially run nursing stations, and providers spread over the streets.
 * Coordinates are approximate and names invented; no real person is represented.
 */
public final class DemoDistrict {

    public record Street(String code, String name, double lat, double lon) {
    }

    public record Organization(String id, String name, String kind, Street street) {
    }

    public record DemoProvider(String id, String organizationId, String name, String role,
                               List<String> qualifications, String travelMode, double lat, double lon,
                               boolean onDuty, Map<String, Object> profile, GeoPoint base) {
        /** What their station's administrator registers: the base is the station's street, where the day starts. */
        public Map<String, Object> registration() {
            return Map.of("organizationId", organizationId, "name", name, "role", role,
                    "qualifications", qualifications, "travelMode", travelMode, "profile", profile,
                    "base", Map.of("lat", base.lat(), "lon", base.lon()));
        }
    }

    /** A registry profile that passes every gate: senior title, long practice, every credential valid for a year. */
    public static Map<String, Object> qualifiedProfile() {
        String valid = java.time.LocalDate.now().plusYears(1).toString();
        return Map.of("title", "主管护师", "yearsOfPractice", 10, "credentials", List.of(
                Map.of("type", "NURSE_LICENCE", "validUntil", valid), Map.of("type", "PICC_CERTIFICATE", "validUntil", valid),
                Map.of("type", "PHYSICIAN_LICENCE", "validUntil", valid)), "gender", "FEMALE",
                "languages", List.of("zh-Hans"), "maxVisitsPerDay", 0);
    }

    /** Title, experience and credentials that fit the role; a few licences have lapsed, as in real registries. */
    private Map<String, Object> profileFor(String role, List<String> quals) {
        boolean nurse = role.equals("NURSE");
        String[] titles = nurse ? new String[]{"护士", "护师", "护师", "主管护师", "副主任护师"}
                : role.equals("PHYSICIAN") || role.equals("TCM_PHYSICIAN")
                ? new String[]{"医师", "主治医师", "副主任医师"} : new String[]{"初级", "中级"};
        String title = titles[random.nextInt(titles.length)];
        int years = title.equals("护士") ? 1 + random.nextInt(3) : 3 + random.nextInt(20);
        java.time.LocalDate today = java.time.LocalDate.now();
        String validUntil = (random.nextDouble() < 0.05 ? today.minusDays(1 + random.nextInt(60))
                : today.plusDays(60 + random.nextInt(900))).toString();
        List<Map<String, Object>> credentials = new ArrayList<>();
        if (quals.contains("NURSE")) {
            credentials.add(Map.of("type", "NURSE_LICENCE", "validUntil", validUntil));
        }
        if (quals.contains("PICC_NURSE")) {
            credentials.add(Map.of("type", "PICC_CERTIFICATE", "validUntil", today.plusYears(1).toString()));
        }
        if (quals.stream().anyMatch(q -> q.contains("PHYSICIAN"))) {
            credentials.add(Map.of("type", "PHYSICIAN_LICENCE", "validUntil", validUntil));
        }
        return Map.of("title", title, "yearsOfPractice", years, "credentials", credentials,
                "gender", random.nextDouble() < 0.8 ? "FEMALE" : "MALE",
                "languages", random.nextDouble() < 0.4 ? List.of("zh-Hans", "wuu") : List.of("zh-Hans"),
                "maxVisitsPerDay", 8);
    }

    public record Home(double lat, double lon, String address, Street street) {
    }

    public static final List<Street> CHANGNING_STREETS = List.of(
            new Street("huayang", "华阳路街道", 31.2215, 121.4265),
            new Street("jiangsu", "江苏路街道", 31.2200, 121.4330),
            new Street("xinhua", "新华路街道", 31.2040, 121.4260),
            new Street("zhoujiaqiao", "周家桥街道", 31.2200, 121.4140),
            new Street("tianshan", "天山路街道", 31.2130, 121.4020),
            new Street("xianxia", "仙霞新村街道", 31.2060, 121.3950),
            new Street("hongqiao", "虹桥街道", 31.1990, 121.4120),
            new Street("chengjiaqiao", "程家桥街道", 31.1960, 121.3700),
            new Street("beixinjing", "北新泾街道", 31.2180, 121.3810),
            new Street("xinjing", "新泾镇", 31.2150, 121.3600));

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华";
    private static final String[] TRAVEL_MODES = {"EBIKE", "EBIKE", "EBIKE", "EBIKE", "EBIKE", "WALKING", "WALKING",
            "BICYCLE", "BICYCLE", "CAR"};

    private final List<Organization> healthCenters = new ArrayList<>();
    private final List<Organization> nursingStations = new ArrayList<>();
    private final List<DemoProvider> providers = new ArrayList<>();
    private final Random random;

    private DemoDistrict(long seed) {
        this.random = new Random(seed);
    }

    /** Changning: 10 community health centers, 14 nursing stations, {@code providerCount} providers. */
    public static DemoDistrict changning(long seed, int providerCount) {
        DemoDistrict district = new DemoDistrict(seed);
        for (Street street : CHANGNING_STREETS) {
            district.healthCenters.add(new Organization("chc-" + street.code(), street.name() + "社区卫生服务中心",
                    "COMMUNITY_HEALTH_CENTER", street));
        }
        for (int i = 1; i <= 14; i++) {
            Street street = CHANGNING_STREETS.get((i - 1) % CHANGNING_STREETS.size());
            district.nursingStations.add(new Organization("ns-%02d".formatted(i), "长宁第" + i + "护理站",
                    "NURSING_STATION", street));
        }
        for (int i = 1; i <= providerCount; i++) {
            district.providers.add(district.newProvider("p-%04d".formatted(i)));
        }
        return district;
    }

    private DemoProvider newProvider(String id) {
        boolean atStation = random.nextDouble() < 0.7;
        Organization org = atStation ? pick(nursingStations) : pick(healthCenters);
        String role;
        List<String> quals = new ArrayList<>();
        double r = random.nextDouble();
        if (atStation) {
            if (r < 0.5) {
                role = "NURSE";
                quals.add("NURSE");
                maybe(quals, 0.25, "PICC_NURSE");
                maybe(quals, 0.10, "PALLIATIVE_NURSE");
                maybe(quals, 0.15, "FIRST_RESPONDER");
            } else if (r < 0.9) {
                role = "CARE_WORKER";
                quals.add("CARE_WORKER");
                maybe(quals, 0.3, "CARE_WORKER_MEDICAL");
                maybe(quals, 0.2, "BATHING_CARER");
                maybe(quals, 0.2, "DEMENTIA_CARER");
                maybe(quals, 0.2, "HOUSEKEEPER");
            } else {
                role = "REHAB_THERAPIST";
                quals.add("REHAB_THERAPIST");
            }
        } else if (r < 0.6) {
            role = "PHYSICIAN";
            quals.add("PHYSICIAN");
            maybe(quals, 0.7, "FAMILY_BED_PHYSICIAN");
            maybe(quals, 0.1, "PALLIATIVE_PHYSICIAN");
        } else if (r < 0.8) {
            role = "PHARMACIST";
            quals.add("PHARMACIST");
        } else {
            role = "TCM_PHYSICIAN";
            quals.add("TCM_PHYSICIAN");
        }
        double[] point = near(org.street(), 1200);
        String name = "" + SURNAMES.charAt(random.nextInt(SURNAMES.length()))
                + GIVEN.charAt(random.nextInt(GIVEN.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()));
        return new DemoProvider(id, org.id(), name, role, List.copyOf(quals),
                TRAVEL_MODES[random.nextInt(TRAVEL_MODES.length)], point[0], point[1], random.nextDouble() < 0.75,
                profileFor(role, quals), new GeoPoint(org.street().lat(), org.street().lon()));
    }

    /** A home somewhere in the district, near one of its streets' centres. */
    public Home randomHome(Random homes) {
        Street street = CHANGNING_STREETS.get(homes.nextInt(CHANGNING_STREETS.size()));
        double[] point = near(street, 900, homes);
        String address = street.name() + " 演示路" + (1 + homes.nextInt(999)) + "弄" + (1 + homes.nextInt(60)) + "号"
                + (101 + homes.nextInt(20) * 100 + homes.nextInt(6)) + "室";
        return new Home(point[0], point[1], address, street);
    }

    private double[] near(Street street, double maxMeters) {
        return near(street, maxMeters, random);
    }

    private static double[] near(Street street, double maxMeters, Random random) {
        double distance = maxMeters * Math.sqrt(random.nextDouble());
        double bearing = random.nextDouble() * 2 * Math.PI;
        double dLat = distance * Math.cos(bearing) / 111_320.0;
        double dLon = distance * Math.sin(bearing) / (111_320.0 * Math.cos(Math.toRadians(street.lat())));
        return new double[]{street.lat() + dLat, street.lon() + dLon};
    }

    private void maybe(List<String> quals, double probability, String qualification) {
        if (random.nextDouble() < probability) {
            quals.add(qualification);
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    public List<Organization> healthCenters() {
        return healthCenters;
    }

    public List<Organization> nursingStations() {
        return nursingStations;
    }

    public List<Organization> organizations() {
        List<Organization> all = new ArrayList<>(healthCenters);
        all.addAll(nursingStations);
        return all;
    }

    public List<DemoProvider> providers() {
        return providers;
    }

    public Map<String, Long> providersByRole() {
        Map<String, Long> counts = new LinkedHashMap<>();
        providers.forEach(p -> counts.merge(p.role(), 1L, Long::sum));
        return counts;
    }

    /** Great-circle distance in meters. */
    public static double meters(double lat1, double lon1, double lat2, double lon2) {
        return new GeoPoint(lat1, lon1).metersTo(new GeoPoint(lat2, lon2));
    }
}
