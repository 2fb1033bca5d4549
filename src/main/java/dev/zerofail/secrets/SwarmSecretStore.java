package dev.zerofail.secrets;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import dev.zerofail.swarm.DockerEngine;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker Swarm secrets. A secret cannot be changed, so a new value becomes a new secret
 * {@code <prefix><NAME>_v<N>} labelled with the canonical name and the value's fingerprint; the
 * services that mounted an older version are repointed to it (same target file, uid, gid, mode),
 * and older versions nothing uses any more are removed. The daemon never returns a value, so
 * reading gives the fingerprint label.
 */
public final class SwarmSecretStore implements SecretStore {
    static final String LABEL_NAME = "dev.zerofail.secret.name";
    static final String LABEL_FINGERPRINT = "dev.zerofail.secret.fingerprint";
    static final String LABEL_VERSION = "dev.zerofail.secret.version";
    static final String LABEL_PREFIX = "dev.zerofail.secret.prefix";

    private final DockerEngine engine;
    private final DockerClient docker;
    private final String prefix;
    private final boolean ownsEngine;

    /** A store on a client the caller keeps and closes. */
    public SwarmSecretStore(DockerEngine engine, String prefix) {
        this(engine, prefix, false);
    }

    SwarmSecretStore(DockerEngine engine, String prefix, boolean ownsEngine) {
        this.engine = engine;
        this.docker = engine.client();
        this.prefix = prefix == null ? "" : prefix;
        this.ownsEngine = ownsEngine;
    }

    @Override
    public void close() {
        if (ownsEngine) {
            engine.close();
        }
    }

    @Override
    public String kind() {
        return "swarm";
    }

    @Override
    public String describe() {
        return "Docker Swarm at " + engine.endpoint().host() + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")");
    }

    @Override
    public KeyBy keyBy() {
        return KeyBy.NAME;
    }

    @Override
    public boolean readsValues() {
        return false;
    }

    /** One version of a secret as the daemon has it. */
    record Version(String id, String dockerName, String name, int version, String fingerprint) {
    }

    /** Every version this store manages (labelled with its prefix), and unlabelled secrets named exactly prefix+NAME. */
    List<Version> versions(Collection<String> names) {
        List<Secret> all = engine.call("list secrets", () -> docker.listSecretsCmd().exec());
        List<Version> out = new ArrayList<>();
        for (Secret s : all) {
            Map<String, String> labels = s.getSpec().getLabels() == null ? Map.of() : s.getSpec().getLabels();
            String dockerName = s.getSpec().getName();
            if (prefix.equals(labels.get(LABEL_PREFIX)) && labels.get(LABEL_NAME) != null) {
                out.add(new Version(s.getId(), dockerName, labels.get(LABEL_NAME), parseInt(labels.get(LABEL_VERSION)),
                        labels.get(LABEL_FINGERPRINT)));
            } else if (dockerName.startsWith(prefix) && names.contains(dockerName.substring(prefix.length()))) {
                // made by hand before zerofail managed it: present, value unknown
                out.add(new Version(s.getId(), dockerName, dockerName.substring(prefix.length()), 0, null));
            }
        }
        out.sort(Comparator.comparing(Version::name).thenComparingInt(Version::version));
        return out;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Map<String, Stored> read(Collection<String> keys) {
        Map<String, Stored> out = new LinkedHashMap<>();
        for (Version v : versions(keys)) {
            out.put(v.name(), new Stored(v.name(), v.fingerprint(), null)); // sorted: the newest version wins
        }
        return out;
    }

    /** The docker name of the newest version of {@code name}, for tests and for run. */
    public java.util.Optional<String> current(String name) {
        return versions(List.of(name)).stream().filter(v -> v.name().equals(name)).reduce((a, b) -> b)
                .map(Version::dockerName);
    }

    @Override
    public void write(Map<String, String> set, Set<String> delete, Progress progress) {
        Set<String> names = new java.util.HashSet<>(set.keySet());
        names.addAll(delete);
        List<Version> existing = versions(names);
        for (Map.Entry<String, String> e : set.entrySet()) {
            String name = e.getKey();
            List<Version> old = existing.stream().filter(v -> v.name().equals(name)).toList();
            int next = old.stream().mapToInt(Version::version).max().orElse(0) + 1;
            String dockerName = prefix + name + "_v" + next;
            String fp = SecretStore.fingerprint(name, e.getValue());
            com.github.dockerjava.api.model.SecretSpec spec = new com.github.dockerjava.api.model.SecretSpec()
                    .withName(dockerName)
                    .withLabels(Map.of(LABEL_NAME, name, LABEL_FINGERPRINT, fp, LABEL_VERSION, Integer.toString(next),
                            LABEL_PREFIX, prefix));
            setData(spec, e.getValue());
            String id = engine.call("create secret " + dockerName, () -> docker.createSecretCmd(spec).exec().getId());
            progress.line("swarm: created " + dockerName + " (" + fp + ")");
            repoint(old, id, dockerName, progress);
            removeUnused(old, progress);
        }
        for (String name : delete) {
            removeUnused(existing.stream().filter(v -> v.name().equals(name)).toList(), progress);
        }
    }

    /** Each service mounting an old version now mounts the new one at the same target. */
    private void repoint(List<Version> old, String newId, String newName, Progress progress) {
        if (old.isEmpty()) {
            return;
        }
        Set<String> oldIds = new java.util.HashSet<>();
        old.forEach(v -> oldIds.add(v.id()));
        for (Service service : engine.call("list services", () -> docker.listServicesCmd().exec())) {
            ServiceSpec spec = service.getSpec();
            ContainerSpec container = spec.getTaskTemplate() == null ? null : spec.getTaskTemplate().getContainerSpec();
            if (container == null || container.getSecrets() == null) {
                continue;
            }
            boolean changed = false;
            List<ContainerSpecSecret> secrets = new ArrayList<>();
            for (ContainerSpecSecret s : container.getSecrets()) {
                if (oldIds.contains(s.getSecretId())) {
                    secrets.add(new ContainerSpecSecret().withSecretId(newId).withSecretName(newName).withFile(s.getFile()));
                    changed = true;
                } else {
                    secrets.add(s);
                }
            }
            if (changed) {
                container.withSecrets(secrets);
                long version = service.getVersion().getIndex();
                engine.call("update service " + spec.getName(), () -> {
                    docker.updateServiceCmd(service.getId(), spec).withVersion(version).exec();
                    return null;
                });
                progress.line("swarm: service " + spec.getName() + " now mounts " + newName);
            }
        }
    }

    /** Removes versions no service mounts; the daemon refuses for one still in use, which is then kept. */
    private void removeUnused(List<Version> versions, Progress progress) {
        if (versions.isEmpty()) {
            return;
        }
        Set<String> inUse = new java.util.HashSet<>();
        for (Service service : engine.call("list services", () -> docker.listServicesCmd().exec())) {
            ContainerSpec c = service.getSpec().getTaskTemplate() == null ? null
                    : service.getSpec().getTaskTemplate().getContainerSpec();
            if (c != null && c.getSecrets() != null) {
                c.getSecrets().forEach(s -> inUse.add(s.getSecretId()));
            }
        }
        for (Version v : versions) {
            if (inUse.contains(v.id())) {
                progress.line("swarm: kept " + v.dockerName() + ": a service still mounts it");
                continue;
            }
            try {
                engine.call("remove secret " + v.dockerName(), () -> {
                    try {
                        docker.removeSecretCmd(v.id()).exec();
                    } catch (NotFoundException gone) {
                        // removed meanwhile: the goal is reached
                    }
                    return null;
                });
                progress.line("swarm: removed " + v.dockerName());
            } catch (dev.zerofail.core.ZerofailException e) {
                progress.line("swarm: kept " + v.dockerName() + ": " + e.getMessage());
            }
        }
    }

    /** docker-java base64-encodes with the platform charset; secrets are UTF-8 whatever the locale. */
    private static void setData(com.github.dockerjava.api.model.SecretSpec spec, String value) {
        spec.withData(value);
        if (!Charset.defaultCharset().equals(StandardCharsets.UTF_8)) {
            try {
                java.lang.reflect.Field f = com.github.dockerjava.api.model.SecretSpec.class.getDeclaredField("data");
                f.setAccessible(true);
                f.set(spec, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot set secret data as UTF-8", e);
            }
        }
    }
}
