package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tasks a stop-first rollback stops itself so the old version's tasks can bind their host ports. */
class PortHoldersTest {
    private final FakeSwarm swarm = new FakeSwarm(new FakeTime(Instant.parse("2026-12-01T10:00:00Z")));
    private final JsonNode good = Specs.parse("{\"ContainerSpec\":{\"Image\":\"acme/api:1\"}}");
    private final JsonNode failed = Specs.parse("{\"ContainerSpec\":{\"Image\":\"acme/api:2\",\"StopGracePeriod\":3000000000}}");

    private static Swarm.TaskState task(String id, int slot, String state, String desired, JsonNode spec) {
        return new Swarm.TaskState(id, slot, state, desired, state, null, null, "c-" + id, Instant.EPOCH, spec, null);
    }

    @Test
    void stopsTheFailedTaskAndFailedVersionTasksOfSlotsBeingReplacedOnceEach() throws InterruptedException {
        Rollback.PortHolders holders = new Rollback.PortHolders(swarm, "t1");
        List<Swarm.TaskState> tasks = List.of(
                task("t1", 1, "running", "shutdown", failed), // the task that failed: stopped at once
                task("t2", 2, "running", "running", failed), // a restart of the failed version racing the rollback, in slot 2
                task("t3", 2, "starting", "running", good), // Swarm has started the old spec for slot 2
                task("t4", 3, "running", "running", failed), // slot 3 is not being replaced yet: left alone
                task("t5", 2, "failed", "shutdown", failed), // over: nothing to stop
                task("t6", 1, "running", "running", good)); // the old spec itself: never
        holders.accept(good, tasks);
        holders.accept(good, tasks); // the next poll sees the same tasks: no second signal
        Await.until("the stops to be sent", Duration.ofSeconds(10), () -> swarm.stopRequests.size() >= 2);
        assertThat(swarm.stopRequests).containsExactlyInAnyOrder("c-t1 3s", "c-t2 3s");
    }

    @Test
    void aTaskOfTheOldSpecSentBeforeAForcedResendIsTheOldVersionNotAPortHolder() throws InterruptedException {
        JsonNode forced = Specs.parse("{\"ContainerSpec\":{\"Image\":\"acme/api:1\"},\"ForceUpdate\":1}");
        assertThat(RolloutWatch.sameSpec(good, forced)).as("a deploy's forced update replaces such tasks").isFalse();
        assertThat(RolloutWatch.sameSpec(good, forced, true)).isTrue();
        Rollback.PortHolders holders = new Rollback.PortHolders(swarm, "t1");
        holders.accept(forced, List.of(task("t1", 1, "running", "shutdown", failed), task("t2", 1, "running", "running", good),
                task("t3", 1, "starting", "running", forced)));
        Await.until("the stop to be sent", Duration.ofSeconds(10), () -> !swarm.stopRequests.isEmpty());
        assertThat(swarm.stopRequests).containsExactly("c-t1 3s");
    }

    @Test
    void withoutAReplacementStartedOnlyTheFailedTaskIsStopped() throws InterruptedException {
        Rollback.PortHolders holders = new Rollback.PortHolders(swarm, "t1");
        holders.accept(good, List.of(task("t1", 1, "running", "running", failed), task("t2", 2, "running", "running", failed)));
        Await.until("the stop to be sent", Duration.ofSeconds(10), () -> !swarm.stopRequests.isEmpty());
        assertThat(swarm.stopRequests).containsExactly("c-t1 3s");
    }
}
