package dev.zerofail.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ServiceSpec;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Field by field: a canonical service (plain maps, as the compose model produces them) to the
 * ServiceSpec docker stack deploy sends. The expected values are what docker/cli's convert package
 * produces and what ComposeSwarmSpecIT observed on the real daemon.
 */
class SwarmSpecsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, Object> project(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    /** The service {@code web} of stack {@code st}, from the services: body given (indented under web:). */
    static ObjectNode web(String serviceBody, String topLevel) {
        String yaml = "services:\n  web:\n    image: app:1\n" + serviceBody.indent(4) + topLevel;
        return SwarmSpecs.toServiceSpec("st", "web", project(yaml));
    }

    static ObjectNode web(String serviceBody) {
        return web(serviceBody, "");
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Re-read, so a LongNode we built equals the IntNode the parser makes of the same number. */
    static JsonNode norm(Object node) {
        return json(node.toString());
    }

    static JsonNode container(ObjectNode spec) {
        return spec.at("/TaskTemplate/ContainerSpec");
    }

    static void usageError(ThrowingCallable call, String where, String problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.where()).isEqualTo(where);
            assertThat(e.problem()).contains(problem);
        });
    }

    // --- names and labels -----------------------------------------------------------------

    @Test
    void serviceIsNamedByStackAndCarriesTheStackLabels() {
        ObjectNode spec = web("labels: {tier: front}\ndeploy:\n  labels: {team: a, n: 3}");
        assertThat(spec.get("Name").asText()).isEqualTo("st_web");
        assertThat(norm(spec.get("Labels"))).isEqualTo(json("""
                {"com.docker.stack.image": "app:1", "com.docker.stack.namespace": "st", "n": "3", "team": "a"}"""));
        assertThat(container(spec).get("Image").asText()).isEqualTo("app:1");
        assertThat(norm(container(spec).get("Labels"))).isEqualTo(json("""
                {"com.docker.stack.namespace": "st", "tier": "front"}"""));
        List<String> keys = MAPPER.convertValue(spec.get("Labels"), Map.class).keySet().stream().map(String::valueOf).toList();
        assertThat(keys).as("sorted for a stable fingerprint").isSorted();
    }

    @Test
    void labelsInListFormAreAccepted() {
        assertThat(norm(container(web("labels: [\"a=1\", \"b\"]")).get("Labels")))
                .isEqualTo(json("{\"a\": \"1\", \"b\": \"\", \"com.docker.stack.namespace\": \"st\"}"));
    }

    @Test
    void serviceWithoutImageOrUnknownServiceOrBadStackNameIsAUsageError() {
        Map<String, Object> p = project("services:\n  web:\n    command: [x]\n");
        usageError(() -> SwarmSpecs.toServiceSpec("st", "web", p), "services.web.image", "needs an image");
        usageError(() -> SwarmSpecs.toServiceSpec("st", "api", p), "services.api", "no service 'api'");
        usageError(() -> SwarmSpecs.toServiceSpec("-st", "web", p), "stack", "invalid stack name");
    }

    // --- command and entrypoint --------------------------------------------------------

    @Test
    void commandIsArgsAndEntrypointIsCommand() {
        JsonNode c = container(web("entrypoint: [\"/bin/sh\", \"-c\"]\ncommand: [\"echo hi\"]"));
        assertThat(norm(c.get("Command"))).isEqualTo(json("[\"/bin/sh\", \"-c\"]"));
        assertThat(norm(c.get("Args"))).isEqualTo(json("[\"echo hi\"]"));
    }

    @Test
    void stringCommandIsSplitLikeAShell() {
        JsonNode c = container(web("command: httpd -f -p '127.0.0.1:80' \"a b\" c\\ d\nentrypoint: /entry.sh"));
        assertThat(norm(c.get("Args"))).isEqualTo(json("[\"httpd\", \"-f\", \"-p\", \"127.0.0.1:80\", \"a b\", \"c d\"]"));
        assertThat(norm(c.get("Command"))).isEqualTo(json("[\"/entry.sh\"]"));
    }

    @Test
    void absentOrEmptyCommandLeavesTheImageDefault() {
        JsonNode c = container(web("command: []"));
        assertThat(c.has("Args")).isFalse();
        assertThat(c.has("Command")).isFalse();
    }

    @Test
    void stringCommandWithAShellOperatorOrOpenQuoteIsRefused() {
        usageError(() -> web("command: echo a; rm -rf /"), "services.web.command", "shell operator ';'");
        usageError(() -> web("command: echo 'a"), "services.web.command", "unterminated quote");
    }

    // --- environment and plain fields ----------------------------------------------------

    @Test
    void environmentIsSortedAndAValuelessVariableStaysBare() {
        JsonNode c = container(web("environment:\n  B: two\n  A: 1\n  C:\n  D: ''\n  E: true"));
        assertThat(norm(c.get("Env"))).isEqualTo(json("[\"A=1\", \"B=two\", \"C\", \"D=\", \"E=true\"]"));
        assertThat(norm(container(web("environment: [\"Z=1\", \"Y=a=b\", \"X\"]")).get("Env")))
                .isEqualTo(json("[\"X\", \"Y=a=b\", \"Z=1\"]"));
    }

    @Test
    void plainContainerFields() {
        JsonNode c = container(web("""
                hostname: h1
                working_dir: /srv
                user: "1000:1000"
                stop_signal: SIGINT
                stop_grace_period: 1m30s
                tty: true
                stdin_open: "true"
                read_only: true
                init: false
                extra_hosts: ["db:10.0.0.2", "v6:::1", "eq=10.0.0.3"]
                dns: 1.1.1.1
                dns_search: [example.internal]
                sysctls: {net.core.somaxconn: 1024}
                """));
        assertThat(c.get("Hostname").asText()).isEqualTo("h1");
        assertThat(c.get("Dir").asText()).isEqualTo("/srv");
        assertThat(c.get("User").asText()).isEqualTo("1000:1000");
        assertThat(c.get("StopSignal").asText()).isEqualTo("SIGINT");
        assertThat(c.get("StopGracePeriod").asLong()).isEqualTo(90_000_000_000L);
        assertThat(c.get("TTY").asBoolean()).isTrue();
        assertThat(c.get("OpenStdin").asBoolean()).isTrue();
        assertThat(c.get("ReadOnly").asBoolean()).isTrue();
        assertThat(norm(c.get("Init"))).as("init: false is sent, like docker/cli's *bool").isEqualTo(json("false"));
        assertThat(norm(c.get("Hosts"))).isEqualTo(json("[\"10.0.0.2 db\", \"::1 v6\", \"10.0.0.3 eq\"]"));
        assertThat(norm(c.get("DNSConfig"))).isEqualTo(json("{\"Nameservers\": [\"1.1.1.1\"], \"Search\": [\"example.internal\"]}"));
        assertThat(norm(c.get("Sysctls"))).isEqualTo(json("{\"net.core.somaxconn\": \"1024\"}"));
        assertThat(norm(c.get("Privileges"))).isEqualTo(json("{}"));
    }

    @Test
    void absentOptionalFieldsAreLeftOut() {
        JsonNode c = container(web(""));
        assertThat(c.fieldNames()).toIterable().containsExactly("Image", "Labels", "Privileges");
        ObjectNode spec = web("");
        assertThat(spec.fieldNames()).toIterable().containsExactly("Name", "Labels", "TaskTemplate", "Mode", "EndpointSpec");
        assertThat(spec.get("TaskTemplate").fieldNames()).toIterable()
                .containsExactly("ContainerSpec", "Resources", "Placement", "Networks");
        assertThat(norm(spec.get("EndpointSpec"))).isEqualTo(json("{}"));
    }

    @Test
    void capabilitiesAreNormalisedAsDockerCliDoes() {
        JsonNode c = container(web("cap_add: [net_admin, CAP_SYS_TIME, sys_time]\ncap_drop: [NET_ADMIN, mknod, RESET]"));
        assertThat(norm(c.get("CapabilityAdd"))).isEqualTo(json("[\"CAP_NET_ADMIN\", \"CAP_SYS_TIME\"]"));
        assertThat(norm(c.get("CapabilityDrop"))).as("an added capability is not dropped").isEqualTo(json("[\"CAP_MKNOD\"]"));
        JsonNode all = container(web("cap_add: [all, chown]\ncap_drop: [ALL]"));
        assertThat(norm(all.get("CapabilityAdd"))).isEqualTo(json("[\"ALL\"]"));
        assertThat(all.has("CapabilityDrop")).isFalse();
    }

    @Test
    void ulimitsSingleOrSoftHardSortedByName() {
        JsonNode c = container(web("ulimits:\n  nproc: \"500\"\n  nofile: {soft: 1000, hard: 2000}"));
        assertThat(norm(c.get("Ulimits"))).isEqualTo(json("""
                [{"Name": "nofile", "Hard": 2000, "Soft": 1000}, {"Name": "nproc", "Hard": 500, "Soft": 500}]"""));
    }

    @Test
    void loggingBecomesTheLogDriver() {
        ObjectNode spec = web("logging: {driver: json-file, options: {max-size: 1m, max-file: 3}}");
        assertThat(norm(spec.at("/TaskTemplate/LogDriver"))).isEqualTo(json("""
                {"Name": "json-file", "Options": {"max-file": "3", "max-size": "1m"}}"""));
    }

    // --- healthcheck ---------------------------------------------------------------------

    @Test
    void cmdShellHealthcheckWithDurationsInNanoseconds() {
        JsonNode hc = container(web("""
                healthcheck:
                  test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1/ || exit 1"]
                  interval: 1s
                  timeout: 2.5s
                  start_period: 1m30s
                  start_interval: 500ms
                  retries: "3"
                """)).get("Healthcheck");
        assertThat(norm(hc)).isEqualTo(json("""
                {"Test": ["CMD-SHELL", "wget -q -O- http://127.0.0.1/ || exit 1"], "Interval": 1000000000,
                 "Timeout": 2500000000, "StartPeriod": 90000000000, "StartInterval": 500000000, "Retries": 3}"""));
    }

    @Test
    void healthcheckTestForms() {
        assertThat(norm(container(web("healthcheck: {test: \"curl -f http://x/\"}")).get("Healthcheck")))
                .isEqualTo(json("{\"Test\": [\"CMD-SHELL\", \"curl -f http://x/\"]}"));
        assertThat(norm(container(web("healthcheck: {test: [CMD, wget, -q, http://x/]}")).get("Healthcheck")))
                .isEqualTo(json("{\"Test\": [\"CMD\", \"wget\", \"-q\", \"http://x/\"]}"));
        assertThat(norm(container(web("healthcheck: {disable: true, interval: 1s}")).get("Healthcheck")))
                .isEqualTo(json("{\"Test\": [\"NONE\"]}"));
        assertThat(norm(container(web("healthcheck: {test: [NONE]}")).get("Healthcheck")))
                .isEqualTo(json("{\"Test\": [\"NONE\"]}"));
        assertThat(norm(container(web("healthcheck: {interval: 0s, retries: 0}")).get("Healthcheck")))
                .as("zero values are left out, as Go's omitempty does").isEqualTo(json("{}"));
    }

    @Test
    void healthcheckErrors() {
        usageError(() -> web("healthcheck: {disable: true, test: [CMD, x]}"), "services.web.healthcheck.disable", "cannot both be set");
        usageError(() -> web("healthcheck: {test: [curl, x]}"), "services.web.healthcheck.test", "starts with CMD");
        usageError(() -> web("healthcheck: {test: [CMD, x], interval: soon}"), "services.web.healthcheck.interval",
                "expected a duration like 30s, 1m30s or 500ms, got 'soon'");
    }

    @Test
    void durationsFollowGoSyntax() {
        assertThat(nanos("1h2m3.5s")).isEqualTo(3_723_500_000_000L);
        assertThat(nanos("1500ms")).isEqualTo(1_500_000_000L);
        assertThat(nanos("10us")).isEqualTo(10_000L);
        assertThat(nanos("7ns")).isEqualTo(7L);
        assertThat(nanos(".5s")).isEqualTo(500_000_000L);
        assertThat(nanos("0")).isZero();
        for (String bad : List.of("soon", "30", "1.5.5s", "s", "-1s", "1d", "")) {
            usageError(() -> web("stop_grace_period: \"" + bad + "\""), "services.web.stop_grace_period", "expected a duration");
        }
    }

    private static long nanos(String duration) {
        return container(web("stop_grace_period: \"" + duration + "\"")).get("StopGracePeriod").asLong();
    }

    // --- resources -------------------------------------------------------------------------

    @Test
    void memoryAndCpusToBytesAndNanoCpus() {
        ObjectNode spec = web("""
                deploy:
                  resources:
                    limits: {cpus: '0.5', memory: 50M}
                    reservations: {cpus: 0.25, memory: "10485760"}
                """);
        assertThat(norm(spec.at("/TaskTemplate/Resources"))).isEqualTo(json("""
                {"Limits": {"NanoCPUs": 500000000, "MemoryBytes": 52428800},
                 "Reservations": {"NanoCPUs": 250000000, "MemoryBytes": 10485760}}"""));
        assertThat(memory("1.5g")).isEqualTo(1_610_612_736L);
        assertThat(memory("512k")).isEqualTo(524_288L);
        assertThat(memory("2GiB")).isEqualTo(2_147_483_648L);
        assertThat(memory("100 MB")).isEqualTo(104_857_600L);
        assertThat(memory("1024")).isEqualTo(1024L);
        assertThat(cpus("2")).isEqualTo(2_000_000_000L);
        assertThat(cpus("0.000000001")).isEqualTo(1L);
    }

    @Test
    void resourceErrorsNameServiceAndKey() {
        usageError(() -> memory("lots"), "services.web.deploy.resources.limits.memory", "expected a size like 512M, 25MB or 1G, got 'lots'");
        usageError(() -> cpus("0.0000000001"), "services.web.deploy.resources.limits.cpus", "at most 9 decimals");
        usageError(() -> cpus("half"), "services.web.deploy.resources.limits.cpus", "got 'half'");
    }

    @Test
    void genericResourcesAndAbsentResources() {
        ObjectNode spec = web("deploy: {resources: {reservations: {generic_resources: [{discrete_resource_spec: {kind: gpu, value: 2}}]}}}");
        assertThat(norm(spec.at("/TaskTemplate/Resources/Reservations/GenericResources")))
                .isEqualTo(json("[{\"DiscreteResourceSpec\": {\"Kind\": \"gpu\", \"Value\": 2}}]"));
        assertThat(norm(web("").at("/TaskTemplate/Resources"))).isEqualTo(json("{}"));
    }

    private static long memory(String m) {
        return web("deploy: {resources: {limits: {memory: \"" + m + "\"}}}").at("/TaskTemplate/Resources/Limits/MemoryBytes").asLong();
    }

    private static long cpus(String c) {
        return web("deploy: {resources: {limits: {cpus: \"" + c + "\"}}}").at("/TaskTemplate/Resources/Limits/NanoCPUs").asLong();
    }

    // --- restart policy ----------------------------------------------------------------------

    @Test
    void restartPolicyFromDeploy() {
        ObjectNode spec = web("deploy: {restart_policy: {condition: on-failure, delay: 2s, max_attempts: \"3\", window: 10s}}");
        assertThat(norm(spec.at("/TaskTemplate/RestartPolicy"))).isEqualTo(json("""
                {"Condition": "on-failure", "Delay": 2000000000, "MaxAttempts": 3, "Window": 10000000000}"""));
        assertThat(norm(web("deploy: {restart_policy: {delay: 0s}}").at("/TaskTemplate/RestartPolicy")))
                .as("a written 0s is sent (absent would be Swarm's 5s)").isEqualTo(json("{\"Delay\": 0}"));
        usageError(() -> web("deploy: {restart_policy: {condition: sometimes}}"), "services.web.deploy.restart_policy.condition", "unknown value");
    }

    @Test
    void defaultRestartPolicyIsSwarmsAndLegacyRestartIsHonoured() {
        assertThat(web("").get("TaskTemplate").has("RestartPolicy")).as("Swarm's default: any, 5s").isFalse();
        assertThat(norm(web("restart: always").at("/TaskTemplate/RestartPolicy"))).isEqualTo(json("{\"Condition\": \"any\"}"));
        assertThat(norm(web("restart: unless-stopped").at("/TaskTemplate/RestartPolicy"))).isEqualTo(json("{\"Condition\": \"any\"}"));
        assertThat(norm(web("restart: on-failure:4").at("/TaskTemplate/RestartPolicy")))
                .isEqualTo(json("{\"Condition\": \"on-failure\", \"MaxAttempts\": 4}"));
        assertThat(web("restart: \"no\"").get("TaskTemplate").has("RestartPolicy")).isFalse();
        assertThat(norm(web("restart: always\ndeploy: {restart_policy: {condition: none}}").at("/TaskTemplate/RestartPolicy")))
                .as("deploy.restart_policy wins").isEqualTo(json("{\"Condition\": \"none\"}"));
        usageError(() -> web("restart: sometimes"), "services.web.restart", "unknown restart policy");
    }

    // --- placement, mode, update -------------------------------------------------------------

    @Test
    void placementConstraintsPreferencesAndMaxReplicas() {
        ObjectNode spec = web("""
                deploy:
                  placement:
                    constraints: [node.role == manager, "node.labels.zone != b"]
                    preferences: [{spread: node.labels.zone}]
                    max_replicas_per_node: "2"
                """);
        assertThat(norm(spec.at("/TaskTemplate/Placement"))).isEqualTo(json("""
                {"Constraints": ["node.role == manager", "node.labels.zone != b"],
                 "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}], "MaxReplicas": 2}"""));
        assertThat(norm(web("").at("/TaskTemplate/Placement"))).isEqualTo(json("{}"));
    }

    @Test
    void replicatedAndGlobalModes() {
        assertThat(norm(web("deploy: {replicas: \"3\"}").get("Mode"))).isEqualTo(json("{\"Replicated\": {\"Replicas\": 3}}"));
        assertThat(norm(web("").get("Mode"))).isEqualTo(json("{\"Replicated\": {\"Replicas\": 1}}"));
        assertThat(norm(web("deploy: {mode: global}").get("Mode"))).isEqualTo(json("{\"Global\": {}}"));
        assertThat(norm(web("deploy: {mode: replicated-job, replicas: 2}").get("Mode")))
                .isEqualTo(json("{\"ReplicatedJob\": {\"MaxConcurrent\": 2, \"TotalCompletions\": 2}}"));
        usageError(() -> web("deploy: {mode: global, replicas: 2}"), "services.web.deploy.replicas", "replicas can only be used");
        usageError(() -> web("deploy: {mode: everywhere}"), "services.web.deploy.mode", "unknown mode");
        usageError(() -> web("deploy: {replicas: two}"), "services.web.deploy.replicas", "expected a whole number");
    }

    @Test
    void updateAndRollbackConfig() {
        ObjectNode spec = web("""
                deploy:
                  update_config: {parallelism: "2", delay: 1s, failure_action: rollback, monitor: 5s, max_failure_ratio: "0.1", order: start-first}
                  rollback_config: {order: stop-first}
                """);
        assertThat(norm(spec.get("UpdateConfig"))).isEqualTo(json("""
                {"Parallelism": 2, "Delay": 1000000000, "FailureAction": "rollback", "Monitor": 5000000000,
                 "MaxFailureRatio": 0.1, "Order": "start-first"}"""));
        assertThat(norm(spec.get("RollbackConfig"))).as("parallelism defaults to 1 as in docker/cli")
                .isEqualTo(json("{\"Parallelism\": 1, \"MaxFailureRatio\": 0.0, \"Order\": \"stop-first\"}"));
        assertThat(web("").has("UpdateConfig")).isFalse();
        usageError(() -> web("deploy: {update_config: {order: random}}"), "services.web.deploy.update_config.order", "unknown value 'random'");
        usageError(() -> web("deploy: {update_config: {monitor: soon}}"), "services.web.deploy.update_config.monitor", "got 'soon'");
    }

    // --- ports -------------------------------------------------------------------------------

    @Test
    void portsLongSyntaxSortedByPublishedPort() {
        ObjectNode spec = web("""
                ports:
                  - {target: 80, published: "8080", protocol: tcp, mode: ingress}
                  - {target: 53, published: 5353, protocol: udp, mode: host}
                  - {target: 9000}
                deploy: {endpoint_mode: DNSRR}
                """);
        assertThat(norm(spec.get("EndpointSpec"))).isEqualTo(json("""
                {"Mode": "dnsrr", "Ports": [
                  {"TargetPort": 9000},
                  {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 5353, "PublishMode": "host"},
                  {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"}]}"""));
        usageError(() -> web("ports: [{target: 80, published: \"8000-8001\"}]"), "services.web.ports[0].published", "range");
        usageError(() -> web("ports: [\"80:80\"]"), "services.web.ports[0]", "long port syntax");
        usageError(() -> web("ports: [{target: 70000}]"), "services.web.ports[0].target", "0 to 65535");
    }

    // --- mounts ------------------------------------------------------------------------------

    @Test
    void bindVolumeAndTmpfsMounts() {
        ObjectNode spec = web("""
                volumes:
                  - {type: bind, source: /srv/data, target: /data, read_only: true}
                  - {type: bind, source: /srv/shared, target: /shared, bind: {propagation: rshared}}
                  - {type: volume, source: cache, target: /cache, volume: {nocopy: true}}
                  - {type: volume, source: ext, target: /ext}
                  - {type: volume, source: fixed, target: /fixed}
                  - {type: volume, target: /anon}
                  - {type: tmpfs, target: /tmp, tmpfs: {size: 1m}}
                """, """
                volumes:
                  cache: {driver: local, driver_opts: {type: none}, labels: {keep: "yes"}}
                  ext: {external: true}
                  fixed: {name: shared-fixed}
                """);
        assertThat(norm(container(spec).get("Mounts"))).isEqualTo(json("""
                [{"Type": "bind", "Source": "/srv/data", "Target": "/data", "ReadOnly": true},
                 {"Type": "bind", "Source": "/srv/shared", "Target": "/shared", "BindOptions": {"Propagation": "rshared"}},
                 {"Type": "volume", "Source": "st_cache", "Target": "/cache", "VolumeOptions": {"NoCopy": true,
                   "Labels": {"com.docker.stack.namespace": "st", "keep": "yes"},
                   "DriverConfig": {"Name": "local", "Options": {"type": "none"}}}},
                 {"Type": "volume", "Source": "ext", "Target": "/ext", "VolumeOptions": {}},
                 {"Type": "volume", "Source": "shared-fixed", "Target": "/fixed", "VolumeOptions": {"Labels": {"com.docker.stack.namespace": "st"}}},
                 {"Type": "volume", "Target": "/anon"},
                 {"Type": "tmpfs", "Target": "/tmp", "TmpfsOptions": {"SizeBytes": 1048576}}]"""));
    }

    @Test
    void mountErrors() {
        usageError(() -> web("volumes: [{type: volume, source: nope, target: /x}]"), "services.web.volumes[0].source", "undefined volume 'nope'");
        usageError(() -> web("volumes: [{type: tmpfs, source: /a, target: /x}]"), "services.web.volumes[0].source", "takes no source");
        usageError(() -> web("volumes: [{type: bind, target: /x}]"), "services.web.volumes[0]", "needs a source");
        usageError(() -> web("volumes: [{type: bind, source: /a, target: /x, tmpfs: {size: 1}}]"), "services.web.volumes[0].tmpfs", "incompatible");
        usageError(() -> web("volumes: [{type: npipe, source: a, target: /x}]"), "services.web.volumes[0].type", "not supported");
        usageError(() -> web("volumes: [{type: tmpfs, target: /x, tmpfs: {size: lots}}]"), "services.web.volumes[0].tmpfs.size", "got 'lots'");
    }

    // --- secrets and configs -------------------------------------------------------------------

    static final String OBJECTS = """
            secrets:
              db_pw: {file: ./db_pw.txt}
              api_key: {external: true}
              named: {name: prod-named-secret, file: ./n.txt}
            configs:
              app_cfg: {file: ./app.conf}
            """;

    @Test
    void secretAndConfigReferencesNamedByStackUnlessExternalOrNamed() {
        JsonNode c = container(web("""
                secrets:
                  - db_pw
                  - {source: api_key, target: /run/keys/api, uid: "10", gid: 20, mode: 0o400}
                  - {source: named, target: n, mode: "0440"}
                configs:
                  - {source: app_cfg, target: /etc/app.conf, mode: 292}
                """, OBJECTS));
        assertThat(norm(c.get("Secrets"))).isEqualTo(json("""
                [{"File": {"Name": "/run/keys/api", "UID": "10", "GID": "20", "Mode": 256}, "SecretName": "api_key"},
                 {"File": {"Name": "n", "UID": "0", "GID": "0", "Mode": 288}, "SecretName": "prod-named-secret"},
                 {"File": {"Name": "db_pw", "UID": "0", "GID": "0", "Mode": 292}, "SecretName": "st_db_pw"}]"""));
        assertThat(norm(c.get("Configs"))).isEqualTo(json("""
                [{"File": {"Name": "/etc/app.conf", "UID": "0", "GID": "0", "Mode": 292}, "ConfigName": "st_app_cfg"}]"""));
    }

    @Test
    void undefinedSecretOrConfigOrDuplicateTargetIsAUsageError() {
        usageError(() -> web("secrets: [nope]", OBJECTS), "services.web.secrets[0]", "undefined secret 'nope'");
        usageError(() -> web("secrets: [{source: nope}]", OBJECTS), "services.web.secrets[0].source", "undefined secret 'nope'");
        usageError(() -> web("configs: [db_pw]", OBJECTS), "services.web.configs[0]", "undefined config 'db_pw'");
        usageError(() -> web("secrets: [db_pw, {source: named, target: db_pw}]", OBJECTS), "services.web.secrets[1]", "same target");
    }

    @Test
    void withObjectIdsFillsIdsByNameAndRefusesAMissingOne() {
        ObjectNode spec = web("secrets: [db_pw]\nconfigs: [app_cfg]", OBJECTS);
        ObjectNode filled = SwarmSpecs.withObjectIds(spec, Map.of("st_db_pw", "sid1"), Map.of("st_app_cfg", "cid1"));
        assertThat(filled.at("/TaskTemplate/ContainerSpec/Secrets/0/SecretID").asText()).isEqualTo("sid1");
        assertThat(filled.at("/TaskTemplate/ContainerSpec/Configs/0/ConfigID").asText()).isEqualTo("cid1");
        assertThat(spec.at("/TaskTemplate/ContainerSpec/Secrets/0").has("SecretID")).as("the input is not changed").isFalse();
        usageError(() -> SwarmSpecs.withObjectIds(spec, Map.of(), Map.of("st_app_cfg", "cid1")), "st_web", "no ID for secret 'st_db_pw'");
    }

    // --- networks ------------------------------------------------------------------------------

    @Test
    void defaultNetworkWhenNoneGivenWithTheServiceAsAlias() {
        assertThat(norm(web("").at("/TaskTemplate/Networks"))).isEqualTo(json("[{\"Target\": \"st_default\", \"Aliases\": [\"web\"]}]"));
    }

    @Test
    void namedExternalAndOverlayNetworksSortedByTarget() {
        ObjectNode spec = web("""
                networks:
                  back: {aliases: [db-client]}
                  outside:
                  fixed:
                """, """
                networks:
                  back: {}
                  outside: {external: true}
                  fixed: {name: a-fixed-net}
                """);
        assertThat(norm(spec.at("/TaskTemplate/Networks"))).isEqualTo(json("""
                [{"Target": "a-fixed-net", "Aliases": ["web"]},
                 {"Target": "outside", "Aliases": ["web"]},
                 {"Target": "st_back", "Aliases": ["db-client", "web"]}]"""));
    }

    @Test
    void hostNetworkByNetworkModeOrNetworksTakesNoAlias() {
        JsonNode byMode = web("network_mode: host").at("/TaskTemplate/Networks");
        assertThat(norm(byMode)).isEqualTo(json("[{\"Target\": \"host\"}]"));
        assertThat(web("networks: [host]").at("/TaskTemplate/Networks")).isEqualTo(byMode);
        assertThat(web("networks: [hostnet]", "networks:\n  hostnet: {external: true, name: host}\n").at("/TaskTemplate/Networks"))
                .isEqualTo(byMode);
    }

    @Test
    void networkErrors() {
        usageError(() -> web("networks: [nope]"), "services.web.networks[0]", "undefined network 'nope'");
        usageError(() -> web("network_mode: bridge"), "services.web.network_mode", "no Swarm equivalent");
        usageError(() -> web("network_mode: host\nnetworks: [host]"), "services.web.network_mode", "cannot both be set");
    }

    // --- required objects ----------------------------------------------------------------------

    @Test
    void requiredObjectsAreTheStacksOwnNetworksSecretsAndConfigs() throws Exception {
        Files.writeString(dir.resolve("db_pw.txt"), "hunter2-not-real", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("app.conf"), "a=1\n", StandardCharsets.UTF_8);
        Map<String, Object> p = project("""
                services:
                  web: {image: a, networks: [back, outside, hostnet]}
                  worker: {image: b}
                  edge: {image: c, network_mode: host}
                networks:
                  back: {driver_opts: {encrypted: "true"}, attachable: true, labels: {x: y}}
                  outside: {external: true}
                  hostnet: {external: true, name: host}
                  unused: {}
                secrets:
                  db_pw: {file: ./db_pw.txt}
                  api_key: {external: true}
                configs:
                  app_cfg: {file: app.conf, name: app-config-v1}
                """);
        List<SwarmObject> objects = SwarmSpecs.requiredObjects("st", p, dir);
        assertThat(objects).extracting(SwarmObject::kind, SwarmObject::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SwarmObject.Kind.NETWORK, "st_back"),
                org.assertj.core.groups.Tuple.tuple(SwarmObject.Kind.NETWORK, "st_default"),
                org.assertj.core.groups.Tuple.tuple(SwarmObject.Kind.SECRET, "st_db_pw"),
                org.assertj.core.groups.Tuple.tuple(SwarmObject.Kind.CONFIG, "app-config-v1"));
        assertThat(norm(objects.get(0).spec())).isEqualTo(json("""
                {"Name": "st_back", "Driver": "overlay", "Scope": "swarm", "Attachable": true, "Options": {"encrypted": "true"},
                 "Labels": {"com.docker.stack.namespace": "st", "x": "y"}}"""));
        SwarmObject secret = objects.get(2);
        assertThat(norm(secret.spec())).isEqualTo(json("{\"Name\": \"st_db_pw\", \"Labels\": {\"com.docker.stack.namespace\": \"st\"}}"));
        assertThat(secret.file()).isEqualTo(dir.resolve("db_pw.txt"));
        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(new String(Base64.getDecoder().decode(secret.createBody().get("Data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("hunter2-not-real");
        assertThat(objects.get(3).file()).isEqualTo(dir.resolve("app.conf"));
    }

    @Test
    void requiredObjectErrors() {
        Map<String, Object> noFile = project("services: {web: {image: a}}\nsecrets:\n  s: {environment: TOKEN}\n");
        usageError(() -> SwarmSpecs.requiredObjects("st", noFile, dir), "secrets.s", "has no file");
        Map<String, Object> missing = project("services: {web: {image: a}}\nconfigs:\n  c: {file: ./absent.conf}\n");
        SwarmObject config = SwarmSpecs.requiredObjects("st", missing, dir).get(1);
        usageError(config::createBody, "configs.c.file", "cannot read");
    }

    // --- docker-java -----------------------------------------------------------------------------

    /** Everything docker-java 3.7.0's model has a field for, read back with a plain (strict) ObjectMapper. */
    @Test
    void deserializesIntoDockerJavasServiceSpec() throws Exception {
        ObjectNode spec = web("""
                command: httpd -f -p 127.0.0.1:8080
                entrypoint: [/bin/sh, -c]
                environment: {A: "1"}
                hostname: h
                working_dir: /www
                user: "0"
                stop_signal: SIGTERM
                stop_grace_period: 3s
                init: true
                tty: true
                read_only: true
                extra_hosts: ["db:10.0.0.2"]
                dns: [1.1.1.1]
                healthcheck: {test: [CMD-SHELL, "true"], interval: 1s, timeout: 2s, retries: 2, start_period: 1s}
                secrets: [db_pw]
                configs: [app_cfg]
                volumes:
                  - {type: bind, source: /srv, target: /srv, read_only: true, bind: {propagation: rprivate}}
                  - {type: volume, source: cache, target: /cache}
                  - {type: tmpfs, target: /tmp, tmpfs: {size: 1000}}
                ports: [{target: 80, published: 8080, protocol: tcp, mode: host}]
                logging: {driver: json-file, options: {max-size: 1m}}
                deploy:
                  replicas: 2
                  labels: {a: b}
                  endpoint_mode: vip
                  resources: {limits: {cpus: "0.5", memory: 50M}, reservations: {memory: 10M}}
                  restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 10s}
                  placement: {constraints: [node.role == manager], max_replicas_per_node: 1}
                  update_config: {parallelism: 1, delay: 1s, failure_action: rollback, monitor: 5s, max_failure_ratio: 0.1, order: start-first}
                  rollback_config: {parallelism: 1, failure_action: pause, order: stop-first}
                """, OBJECTS + "volumes:\n  cache: {}\n");
        ServiceSpec s = new ObjectMapper().treeToValue(spec, ServiceSpec.class);
        assertThat(s.getName()).isEqualTo("st_web");
        assertThat(s.getTaskTemplate().getContainerSpec().getArgs()).containsExactly("httpd", "-f", "-p", "127.0.0.1:8080");
        assertThat(s.getTaskTemplate().getContainerSpec().getHealthCheck().getInterval()).isEqualTo(1_000_000_000L);
        assertThat(s.getTaskTemplate().getResources().getLimits().getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(s.getMode().getReplicated().getReplicas()).isEqualTo(2L);
        assertThat(s.getUpdateConfig().getOrder().name()).isEqualTo("START_FIRST");
        assertThat(s.getTaskTemplate().getContainerSpec().getSecrets().get(0).getFile().getMode()).isEqualTo(292L);
        // and back: docker-java writes the same JSON we produced (nothing lost on the way through its model)
        ObjectMapper nonNull = new ObjectMapper().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        JsonNode back = nonNull.valueToTree(s);
        assertThat(norm(back.at("/TaskTemplate"))).isEqualTo(norm(spec.get("TaskTemplate")));
        assertThat(norm(back.get("UpdateConfig"))).isEqualTo(norm(spec.get("UpdateConfig")));
        assertThat(norm(back.get("EndpointSpec"))).isEqualTo(norm(spec.get("EndpointSpec")));
    }

    /**
     * docker-java 3.7.0 has no field for these Engine API fields: a strict mapper refuses them, and a
     * lenient one (docker-java's own) would drop them without a word. A deployer that needs them must
     * send the JSON as it is (docs/compose.md "Swarm specs").
     */
    @Test
    void fieldsOutsideDockerJavasModelAreRefusedByAStrictMapper() {
        for (String body : List.of("sysctls: {a: 1}", "cap_add: [NET_ADMIN]", "ulimits: {nproc: 5}",
                "deploy: {placement: {preferences: [{spread: x}]}}")) {
            assertThatThrownBy(() -> new ObjectMapper().treeToValue(web(body), ServiceSpec.class))
                    .as(body).isInstanceOf(UnrecognizedPropertyException.class);
        }
    }
}
