package org.carecircle.dispatch.candidates.domain;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Batched dispatch: the visits waiting in one area assigned jointly, so that the total cost (the matching score:
 * mostly minutes of travel) is smallest — instead of first come, nearest provider. An instance of the assignment
 * problem, solved exactly by JGraphT's Kuhn-Munkres (Hungarian) algorithm. As many visits as possible get someone
 * (a missing pair costs more than any real one); among those plans, the cheapest wins.
 */
public final class JointAssignment {
    /** Cost of leaving a visit without anyone; larger than any real score. */
    private static final double UNASSIGNED = 1_000_000;

    private JointAssignment() {
    }

    /**
     * @param costs per visit, the cost of each provider who may take it (absent = may not)
     * @return the provider chosen for each visit that gets one
     */
    public static Map<String, String> cheapest(Map<String, Map<String, Double>> costs) {
        Set<String> providers = new LinkedHashSet<>();
        costs.values().forEach(c -> providers.addAll(c.keySet()));
        if (costs.isEmpty() || providers.isEmpty()) {
            return Map.of();
        }
        int n = Math.max(costs.size(), providers.size());
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        costs.keySet().forEach(v -> left.add("v:" + v));
        providers.forEach(p -> right.add("p:" + p));
        for (int i = left.size(); i < n; i++) {
            left.add("-v:" + i);
        }
        for (int i = right.size(); i < n; i++) {
            right.add("-p:" + i);
        }
        Graph<String, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        left.forEach(graph::addVertex);
        right.forEach(graph::addVertex);
        for (String l : left) {
            Map<String, Double> row = l.startsWith("v:") ? costs.get(l.substring(2)) : Map.of();
            for (String r : right) {
                Double cost = r.startsWith("p:") ? row.get(r.substring(2)) : null;
                graph.setEdgeWeight(graph.addEdge(l, r), cost == null ? UNASSIGNED : cost);
            }
        }
        return chosen(graph, new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(graph, new LinkedHashSet<>(left),
                new LinkedHashSet<>(right)).getMatching());
    }

    /** The visit → provider pairs of a perfect matching, without the padding and the "unassigned" edges. */
    private static Map<String, String> chosen(Graph<String, DefaultWeightedEdge> graph,
                                              MatchingAlgorithm.Matching<String, DefaultWeightedEdge> matching) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (DefaultWeightedEdge edge : matching.getEdges()) {
            String a = graph.getEdgeSource(edge);
            String b = graph.getEdgeTarget(edge);
            String visit = a.startsWith("v:") ? a : b;
            String provider = a.startsWith("v:") ? b : a;
            if (visit.startsWith("v:") && provider.startsWith("p:") && graph.getEdgeWeight(edge) < UNASSIGNED) {
                chosen.put(visit.substring(2), provider.substring(2));
            }
        }
        return chosen;
    }

    /**
     * First come, first served, each visit taking its cheapest provider still free — what dispatching each visit on
     * arrival does. For comparison.
     */
    public static Map<String, String> greedy(Map<String, Map<String, Double>> costsInArrivalOrder) {
        Map<String, String> chosen = new LinkedHashMap<>();
        Set<String> taken = new LinkedHashSet<>();
        costsInArrivalOrder.forEach((visit, row) -> row.entrySet().stream()
                .filter(e -> !taken.contains(e.getKey()))
                .min(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry::getKey))
                .ifPresent(best -> {
                    chosen.put(visit, best.getKey());
                    taken.add(best.getKey());
                }));
        return chosen;
    }

    /** Total cost of a plan. */
    public static double total(Map<String, Map<String, Double>> costs, Map<String, String> plan) {
        return plan.entrySet().stream().mapToDouble(e -> costs.get(e.getKey()).get(e.getValue())).sum();
    }
}
