package org.carecircle.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The demo scenario against a platform that is already running somewhere else (the jars started by hand, docker
 * compose, Kubernetes): seeds the Changning district through the APIs, places the orders, answers the offers and
 * prints the outcome as README command 1 does. The services must trust the development token issuer
 * ({@code CARECIRCLE_SECURITY_PUBLIC_KEY_LOCATION} = its public key), so this is for trial deployments, never for
 * production. Options: {@code --intake=URL --provider=URL --dispatch=URL} (defaults: localhost 8081/8082/8083),
 * {@code --providers=N --orders=N --decline-rate=0.15 --seed=N}. Exits 1 when an order did not settle.
 */
public final class ScenarioMain {

    public static void main(String[] args) {
        List<String> options = Arrays.asList(args);
        PlatformClient client = new PlatformClient(LocalPlatformMain.option(options, "--intake=", "http://localhost:8081"),
                LocalPlatformMain.option(options, "--provider=", "http://localhost:8082"), LocalPlatformMain.option(options, "--dispatch=", "http://localhost:8083"));
        long seed = Long.parseLong(LocalPlatformMain.option(options, "--seed=", "2026"));
        int orders = Integer.parseInt(LocalPlatformMain.option(options, "--orders=", "40"));
        double declineRate = Double.parseDouble(LocalPlatformMain.option(options, "--decline-rate=", "0.15"));
        DemoDistrict district = DemoDistrict.changning(seed, Integer.parseInt(LocalPlatformMain.option(options, "--providers=", "300")));
        DemoScenario scenario = new DemoScenario(district, client, seed, System.out);
        scenario.seedProviders();
        // the providers' phones keep reporting, or presence lapses after the heartbeat timeout
        var devices = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        devices.scheduleAtFixedRate(scenario::sendHeartbeats, 20, 20, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("Seeded %d providers; placing %d orders...%n", district.providers().size(), orders);
        List<DemoScenario.Outcome> outcomes = scenario.run(orders, declineRate, Duration.ofSeconds(120));
        devices.shutdownNow();
        scenario.print(outcomes);
        boolean settled = outcomes.stream().allMatch(o -> DemoScenario.settled(o));
        System.exit(settled ? 0 : 1);
    }

}
