package org.carecircle.dispatch.candidates.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The joint assignment of a batch, against brute force and against first come, nearest. */
class JointAssignmentTest {

    @Test
    void theJointPlanBeatsFirstComeNearestWhereGreedIsShortSighted() {
        // the first visit's nearest provider is the only one the second visit can reach
        Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
        costs.put("v1", Map.of("a", 2.0, "b", 4.0));
        costs.put("v2", Map.of("a", 3.0));

        Map<String, String> greedy = JointAssignment.greedy(costs);
        Map<String, String> joint = JointAssignment.cheapest(costs);

        assertThat(greedy).containsExactly(Map.entry("v1", "a"));
        assertThat(joint).containsEntry("v1", "b").containsEntry("v2", "a");
        assertThat(JointAssignment.total(costs, joint)).isEqualTo(7.0);
    }

    @Test
    void onRandomBatchesThePlanIsTheOptimumFoundByBruteForce() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int visits = 1 + random.nextInt(5);
            int providers = 1 + random.nextInt(6);
            Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
            for (int v = 0; v < visits; v++) {
                Map<String, Double> row = new HashMap<>();
                for (int p = 0; p < providers; p++) {
                    if (random.nextDouble() < 0.6) {
                        row.put("p" + p, (double) (1 + random.nextInt(15)) - (random.nextDouble() < 0.1 ? 5 : 0));
                    }
                }
                costs.put("v" + v, row);
            }
            Map<String, String> plan = JointAssignment.cheapest(costs);
            double[] best = bruteForce(costs);
            assertThat(plan.size()).as("visits served, round %d", round).isEqualTo((int) best[0]);
            assertThat(JointAssignment.total(costs, plan)).as("cost, round %d", round).isCloseTo(best[1],
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(plan.values()).doesNotHaveDuplicates();
            plan.forEach((v, p) -> assertThat(costs.get(v)).containsKey(p));
            assertThat(JointAssignment.total(costs, plan) <= JointAssignment.total(costs, JointAssignment.greedy(costs))
                    || plan.size() > JointAssignment.greedy(costs).size()).as("never worse than greedy").isTrue();
        }
    }

    /** Most visits served, then least cost: every assignment tried. */
    private static double[] bruteForce(Map<String, Map<String, Double>> costs) {
        List<String> visits = new ArrayList<>(costs.keySet());
        double[] best = {0, 0};
        search(costs, visits, 0, new ArrayList<>(), 0, 0, best);
        return best;
    }

    private static void search(Map<String, Map<String, Double>> costs, List<String> visits, int i, List<String> used,
                               int served, double cost, double[] best) {
        if (i == visits.size()) {
            if (served > best[0] || (served == best[0] && cost < best[1])) {
                best[0] = served;
                best[1] = cost;
            }
            return;
        }
        search(costs, visits, i + 1, used, served, cost, best);
        for (Map.Entry<String, Double> e : costs.get(visits.get(i)).entrySet()) {
            if (!used.contains(e.getKey())) {
                used.add(e.getKey());
                search(costs, visits, i + 1, used, served + 1, cost + e.getValue(), best);
                used.removeLast();
            }
        }
    }
}
