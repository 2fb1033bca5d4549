package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.zerofail.Ports;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.compose.SwarmSpecs;
import dev.zerofail.swarm.DockerEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One compose file deployed both ways on the real Swarm: {@code docker stack deploy} (stack A) and
 * SwarmSpecs' conversion created through docker-java (stack B). The two {@code docker service inspect}
 * specs must be equal once the stack names (and the port each binds, given through ${ZF_PORT}) are
 * replaced.
 *
 * <p>Known, deliberate differences that the compared files avoid: SecretID/ConfigID (different objects
 * of the same name pattern; removed before comparing), and the order of two references to the same
 * secret (docker stack deploy's order for those comes from a Go map; both lists are sorted here).
 */
class ComposeSwarmSpecIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Only what docker-java's model has a field for, created with docker-java's createServiceCmd. */
    private static final String MODELLED = """
            services:
              web:
                image: ${ZF_IMAGE}
                command: httpd -f -p 127.0.0.1:${ZF_PORT}
                working_dir: /www
                hostname: zf-web
                stop_grace_period: 2s
                environment:
                  GREETING: hello
                  MODE: it
                labels:
                  dev.zerofail.it: container
                secrets:
                  - app_token
                  - source: app_token
                    target: /run/app/token2
                    uid: "0"
                    gid: "0"
                    mode: 288
                configs:
                  - source: app_conf
                    target: /etc/zf-app.conf
                healthcheck:
                  test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:${ZF_PORT}/ || exit 1"]
                  interval: 1s
                  timeout: 2s
                  retries: 3
                  start_period: 1500ms
                networks: [hostnet]
                deploy:
                  mode: replicated
                  replicas: 1
                  labels:
                    dev.zerofail.it: service
                  resources:
                    limits: {cpus: "0.5", memory: 64M}
                    reservations: {cpus: "0.1", memory: 16M}
                  restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3, window: 20s}
                  update_config: {parallelism: 1, delay: 1s, failure_action: rollback, monitor: 5s, max_failure_ratio: 0.2, order: start-first}
                  rollback_config: {parallelism: 1, failure_action: pause, monitor: 3s, order: stop-first}
                  placement:
                    constraints: [node.role == manager]
            networks:
              hostnet:
                external: true
                name: host
            secrets:
              app_token:
                file: ./app_token.txt
            configs:
              app_conf:
                file: ./app.conf
            """;

    /** Fields docker-java 3.7.0 has no place for, sent as the JSON SwarmSpecs produces. */
    private static final String BEYOND_MODEL = """
            services:
              web:
                image: ${ZF_IMAGE}
                entrypoint: ["httpd", "-f"]
                command: ["-p", "127.0.0.1:${ZF_PORT}", "-h", "/www"]
                user: "0"
                stop_signal: SIGKILL
                init: true
                read_only: true
                cap_add: [net_bind_service, SYS_TIME]
                cap_drop: [mknod]
                ulimits:
                  nofile: {soft: 1024, hard: 2048}
                  nproc: 512
                extra_hosts: ["db.internal:127.0.0.2"]
                volumes:
                  - type: tmpfs
                    target: /scratch
                    tmpfs: {size: 1048576}
                  - type: bind
                    source: ${ZF_DIR}
                    target: /data
                    read_only: true
                logging:
                  driver: json-file
                  options: {max-size: 1m}
                networks: [hostnet]
                deploy:
                  mode: global
                  endpoint_mode: dnsrr
                  placement:
                    constraints: [node.role == manager]
                    preferences:
                      - spread: node.labels.zf_zone
            networks:
              hostnet:
                external: true
                name: host
            """;

    @Test
    void dockerJavaModelPathMatchesDockerStackDeploy() throws Exception {
        compare(MODELLED, true);
    }

    @Test
    void fieldsBeyondDockerJavasModelMatchWhenSentAsJson() throws Exception {
        compare(BEYOND_MODEL, false);
    }

    private void compare(String template, boolean throughModel) throws Exception {
        String host = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker Engine");
        String image = Services.require("ZEROFAIL_IT_TEST_IMAGE", "the busybox test image");
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String stackA = "zfcsa" + id;
        String stackB = "zfcsb" + id;
        int portA = freePort();
        int portB = freePort();
        while (portB == portA) {
            portB = freePort();
        }
        Path file = dir.resolve("docker-compose.yml");
        Files.writeString(file, template, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("app_token.txt"), "it-token-" + id, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("app.conf"), "greeting=hello\n", StandardCharsets.UTF_8);
        Map<String, String> envA = Map.of("ZF_IMAGE", image, "ZF_PORT", String.valueOf(portA), "ZF_DIR", dir.toString());
        Map<String, String> envB = Map.of("ZF_IMAGE", image, "ZF_PORT", String.valueOf(portB), "ZF_DIR", dir.toString());

        try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), dir);
             DockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(host)).build()) {
            try {
                Map<String, String> cliEnv = new HashMap<>(envA);
                cliEnv.put("DOCKER_HOST", host);
                docker(cliEnv, "stack", "deploy", "--resolve-image", "never", "-c", file.toString(), stackA);

                Map<String, Object> project = load(file, envB);
                Map<String, String> secretIds = new HashMap<>();
                Map<String, String> configIds = new HashMap<>();
                for (SwarmObject o : SwarmSpecs.requiredObjects(stackB, project, dir)) {
                    assertThat(o.kind()).as("host network only").isNotEqualTo(SwarmObject.Kind.NETWORK);
                    String path = o.kind() == SwarmObject.Kind.SECRET ? "/secrets/create" : "/configs/create";
                    String created = post(http, path, o.createBody()).get("ID").asText();
                    (o.kind() == SwarmObject.Kind.SECRET ? secretIds : configIds).put(o.name(), created);
                }
                ObjectNode spec = SwarmSpecs.withObjectIds(SwarmSpecs.toServiceSpec(stackB, "web", project), secretIds, configIds);
                if (throughModel) {
                    engine.client().createServiceCmd(new ObjectMapper().treeToValue(spec, ServiceSpec.class)).exec();
                } else {
                    post(http, "/services/create", spec);
                }

                JsonNode a = normalised(inspect(cliEnv, stackA + "_web"), stackA, portA);
                JsonNode b = normalised(inspect(cliEnv, stackB + "_web"), stackB, portB);
                assertThat(b.toPrettyString()).isEqualTo(a.toPrettyString());
                if (throughModel) {
                    assertThat(config(cliEnv, stackB + "_app_conf")).isEqualTo(config(cliEnv, stackA + "_app_conf"));
                }
                // the converted service does what the file says: it serves on its port
                assertThat(get(portB)).contains("zerofail-test");
                assertThat(get(portA)).contains("zerofail-test");
            } finally {
                Map<String, String> cliEnv = Map.of("DOCKER_HOST", host);
                // stack rm finds services, secrets and configs by the namespace label both ways set
                tryDocker(cliEnv, "stack", "rm", stackA);
                tryDocker(cliEnv, "stack", "rm", stackB);
            }
        }
    }

    /** The canonical model of the file, read the way zerofail deploy reads it. */
    private static Map<String, Object> load(Path file, Map<String, String> env) {
        return dev.zerofail.compose.ComposeLoader.load(List.of(file), env).model();
    }

    /**
     * The spec with what must differ taken out: the stack name, the port, object IDs. Secrets and
     * configs are sorted by (name, target) on both sides.
     */
    private static JsonNode normalised(JsonNode spec, String stack, int port) throws IOException {
        String text = spec.toString().replace(stack, "STACK").replace("127.0.0.1:" + port, "127.0.0.1:PORT");
        JsonNode n = JSON.readTree(text);
        JsonNode container = n.path("TaskTemplate").path("ContainerSpec");
        for (String field : List.of("Secrets", "Configs")) {
            if (container.get(field) instanceof ArrayNode refs) {
                List<JsonNode> sorted = new ArrayList<>();
                refs.forEach(r -> {
                    ((ObjectNode) r).remove(List.of("SecretID", "ConfigID"));
                    sorted.add(r);
                });
                sorted.sort(Comparator.comparing(JsonNode::toString));
                refs.removeAll();
                refs.addAll(sorted);
            }
        }
        return n;
    }

    private static JsonNode inspect(Map<String, String> env, String service) throws Exception {
        return JSON.readTree(docker(env, "service", "inspect", "--format", "{{json .Spec}}", service));
    }

    private static String config(Map<String, String> env, String name) throws Exception {
        return docker(env, "config", "inspect", "--format", "{{json .Spec.Data}}", name);
    }

    private static JsonNode post(DockerHttpClient http, String path, JsonNode body) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path("/v1.41" + path)
                .putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(JSON.writeValueAsBytes(body))).build();
        try (DockerHttpClient.Response response = http.execute(request)) {
            String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response.getStatusCode()).as(path + ": " + text).isEqualTo(201);
            return JSON.readTree(text);
        }
    }

    private static String get(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                last = e;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("nothing answered on 127.0.0.1:" + port + " within 60 s", last);
    }

    private static String docker(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out.strip();
    }

    private static void tryDocker(Map<String, String> env, String... args) {
        try {
            docker(env, args);
        } catch (Exception | AssertionError e) {
            // cleanup after a failure must not hide the failure itself
        }
    }

    /** A port for the task's httpd: the test cannot hold it, so one the kernel never hands out by itself. */
    private static int freePort() throws IOException {
        return Ports.forAnotherProcess();
    }
}
