package org.carecircle.simulator;

import org.carecircle.dispatch.DispatchProperties;
import org.carecircle.dispatch.candidates.domain.Circle;
import org.carecircle.dispatch.candidates.domain.JointAssignment;
import org.carecircle.dispatch.candidates.domain.TravelModeSpeed;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Batched dispatch against first come, nearest, on generated mornings in the demo district: nurses at their
 * positions (own travel modes, the 15-minute circle and speeds of {@code dispatch-service.yml}), nursing orders
 * arriving at random over an hour (or in a 5-minute burst, as when the day's scheduled visits are released), each
 * provider taking at most one visit (a visit lasts longer than the hour's dispatching).
 * <ul>
 *   <li><b>greedy</b>: each order on arrival takes the free provider with the shortest ETA (dispatching at once);</li>
 *   <li><b>batched</b>: every window, the orders waiting are assigned jointly (the engine's
 *       {@link JointAssignment}, Kuhn-Munkres), leftovers wait for the next window;</li>
 *   <li><b>offline optimum</b>: every order of the hour assigned jointly at once, as if all were known in advance —
 *       a bound no real-time dispatcher can reach.</li>
 * </ul>
 * Run: {@code ./mvnw -q -pl simulator -am spring-boot:run
 * -Dspring-boot.run.main-class=org.carecircle.simulator.BatchingComparison} (optional arguments: seeds, e.g. 5).
 */
public final class BatchingComparison {
    private static final double HOUR_SECONDS = 3600;

    record Order(int id, double lat, double lon, double arrivesAt) {
    }

    record Result(int assigned, double travelMinutes, double waitSeconds) {
        double meanTravel() {
            return assigned == 0 ? 0 : travelMinutes / assigned;
        }
    }

    private final Circle circle;
    private final Map<String, TravelModeSpeed> modes = new LinkedHashMap<>();

    BatchingComparison(DispatchProperties properties) {
        this.circle = properties.circle();
        circle.modes().forEach(m -> modes.put(m.mode(), m));
    }

    public static void main(String[] args) throws IOException {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        new BatchingComparison(dispatchDefaults()).run(seeds, System.out);
    }

    /** The dispatch settings as shipped ({@code dispatch-service.yml}). */
    static DispatchProperties dispatchDefaults() throws IOException {
        var sources = new YamlPropertySourceLoader().load("dispatch-service", new ClassPathResource("dispatch-service.yml"));
        return new Binder(ConfigurationPropertySources.from(sources)).bind("carecircle.dispatch", DispatchProperties.class)
                .get();
    }

    void run(int seeds, PrintStream out) {
        out.println("Batched dispatch vs first come, nearest — nursing orders in Changning over an hour or in a 5-minute burst, "
                + seeds + " seeds per row");
        out.println("(travel = ETA by the provider's own mode; 'vs greedy' = travel saved per assigned visit; "
                + "'gap' = above the offline optimum, which knows the whole hour in advance)");
        out.printf("%-14s %-6s %-9s | %-16s | %-28s | %-16s | %s%n", "orders", "nurses", "window",
                "greedy assigned", "batched assigned  vs greedy", "optimum assigned", "batched gap, wait added");
        // orders, providers of the district (about a quarter are nurses on duty), seconds over which orders arrive
        for (int[] load : new int[][] {{30, 300, 3600}, {70, 300, 3600}, {30, 300, 300}, {70, 300, 300}}) {
            for (int windowSeconds : new int[] {30, 60, 120}) {
                double[] sums = new double[9];
                for (int seed = 1; seed <= seeds; seed++) {
                    DemoDistrict district = DemoDistrict.changning(seed, load[1]);
                    List<DemoDistrict.DemoProvider> nurses = district.providers().stream()
                            .filter(p -> p.onDuty() && p.qualifications().contains("NURSE")).toList();
                    List<Order> orders = orders(district, load[0], new Random(1000L + seed), load[2]);
                    Result greedy = greedy(orders, nurses);
                    Result batched = batched(orders, nurses, windowSeconds);
                    Result optimum = optimum(orders, nurses);
                    sums[0] += nurses.size();
                    sums[1] += greedy.assigned();
                    sums[2] += greedy.meanTravel();
                    sums[3] += batched.assigned();
                    sums[4] += batched.meanTravel();
                    sums[5] += optimum.assigned();
                    sums[6] += optimum.meanTravel();
                    sums[7] += batched.waitSeconds() / Math.max(1, batched.assigned());
                }
                double n = seeds;
                double saved = 100 * (sums[2] - sums[4]) / sums[2];
                double gap = 100 * (sums[4] - sums[6]) / sums[6];
                out.printf("%-14s %-6.0f %-9s | %5.1f  %5.2f min | %5.1f  %5.2f min  %+5.1f %% | %5.1f  %5.2f min | %+5.1f %%, %3.0f s%n",
                        load[0] + " in " + load[2] / 60 + " min", sums[0] / n, windowSeconds + " s", sums[1] / n, sums[2] / n, sums[3] / n,
                        sums[4] / n, -saved, sums[5] / n, sums[6] / n, gap, sums[7] / n);
            }
        }
        out.println("Assigned = visits given a provider inside the 15-minute circle (mean of the seeds); "
                + "min = mean travel per assigned visit.");
    }

    static List<Order> orders(DemoDistrict district, int count, Random random, double spreadSeconds) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DemoDistrict.Home home = district.randomHome(random);
            orders.add(new Order(i, home.lat(), home.lon(), random.nextDouble() * spreadSeconds));
        }
        orders.sort((a, b) -> Double.compare(a.arrivesAt(), b.arrivesAt()));
        return orders;
    }

    /** Minutes of travel for each nurse who can reach the home inside their circle. */
    Map<String, Double> costs(Order order, List<DemoDistrict.DemoProvider> nurses, Set<String> busy) {
        Map<String, Double> row = new LinkedHashMap<>();
        for (DemoDistrict.DemoProvider nurse : nurses) {
            TravelModeSpeed mode = modes.get(nurse.travelMode());
            double meters = DemoDistrict.meters(nurse.lat(), nurse.lon(), order.lat(), order.lon());
            if (!busy.contains(nurse.id()) && meters <= circle.radiusMeters(mode)) {
                row.put(nurse.id(), Circle.etaSeconds(mode, meters, circle.detourFactor()) / 60);
            }
        }
        return row;
    }

    Result greedy(List<Order> orders, List<DemoDistrict.DemoProvider> nurses) {
        Set<String> busy = new HashSet<>();
        int assigned = 0;
        double travel = 0;
        for (Order order : orders) {
            Map<String, Double> row = costs(order, nurses, busy);
            Map<String, String> plan = JointAssignment.greedy(Map.of("o", row));
            if (!plan.isEmpty()) {
                busy.add(plan.get("o"));
                assigned++;
                travel += row.get(plan.get("o"));
            }
        }
        return new Result(assigned, travel, 0);
    }

    Result batched(List<Order> orders, List<DemoDistrict.DemoProvider> nurses, int windowSeconds) {
        Set<String> busy = new HashSet<>();
        List<Order> waiting = new ArrayList<>();
        int next = 0;
        int assigned = 0;
        double travel = 0;
        double wait = 0;
        for (double t = windowSeconds; next < orders.size() || !waiting.isEmpty() && t <= HOUR_SECONDS + windowSeconds; t += windowSeconds) {
            while (next < orders.size() && orders.get(next).arrivesAt() <= t) {
                waiting.add(orders.get(next++));
            }
            Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
            for (Order order : waiting) {
                costs.put(String.valueOf(order.id()), costs(order, nurses, busy));
            }
            Map<String, String> plan = JointAssignment.cheapest(costs);
            for (Order order : List.copyOf(waiting)) {
                String nurse = plan.get(String.valueOf(order.id()));
                if (nurse != null) {
                    busy.add(nurse);
                    assigned++;
                    travel += costs.get(String.valueOf(order.id())).get(nurse);
                    wait += t - order.arrivesAt();
                    waiting.remove(order);
                }
            }
        }
        return new Result(assigned, travel, wait);
    }

    Result optimum(List<Order> orders, List<DemoDistrict.DemoProvider> nurses) {
        Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
        for (Order order : orders) {
            costs.put(String.valueOf(order.id()), costs(order, nurses, Set.of()));
        }
        Map<String, String> plan = JointAssignment.cheapest(costs);
        return new Result(plan.size(), JointAssignment.total(costs, plan), 0);
    }
}
