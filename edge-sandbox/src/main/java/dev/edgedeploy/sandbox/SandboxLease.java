package dev.edgedeploy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One running sandbox per state directory: the running one holds an exclusive OS file lock on
 * {@value #LOCK_FILE} for its whole life and publishes where it listens in {@value #RUNNING_FILE}, so another process
 * (a {@code mvn deploy} in a second terminal, a test driving Maven) can find and use it instead of starting a second
 * sandbox on the same files. The lock, not the file, decides: a sandbox killed without closing leaves
 * {@value #RUNNING_FILE} behind, but the OS releases its lock, so the file is then ignored.
 */
final class SandboxLease implements AutoCloseable {

    static final String LOCK_FILE = "sandbox.lock";
    static final String RUNNING_FILE = "running.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path stateDirectory;
    private final FileChannel channel;
    private final FileLock lock;

    private SandboxLease(Path stateDirectory, FileChannel channel, FileLock lock) {
        this.stateDirectory = stateDirectory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the state directory for a sandbox about to start.
     *
     * @throws IllegalStateException when another sandbox runs on it, naming where it listens
     */
    static SandboxLease acquire(Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
            FileChannel channel = FileChannel.open(stateDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                String running = read(stateDirectory).map(sandbox -> " (S3 at " + sandbox.endpoints().s3()
                        + ", process " + sandbox.processId() + ")").orElse("");
                throw new IllegalStateException("another sandbox is running on " + stateDirectory + running
                        + ": use it, stop it, or give this one another state directory");
            }
            return new SandboxLease(stateDirectory, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the sandbox state directory " + stateDirectory, e);
        }
    }

    /** Publishes where the sandbox that holds this lease listens. */
    void publish(SandboxEndpoints endpoints, Map<String, String> buckets) {
        ObjectNode running = JSON.createObjectNode();
        running.put("processId", ProcessHandle.current().pid());
        ObjectNode services = running.putObject("endpoints");
        services.put("s3", endpoints.s3().toString());
        services.put("lambda", endpoints.lambda().toString());
        services.put("cloudFront", endpoints.cloudFront().toString());
        services.put("cloudWatch", endpoints.cloudWatch().toString());
        services.put("codeDeploy", endpoints.codeDeploy().toString());
        services.put("route53", endpoints.route53().toString());
        services.put("dns", endpoints.dns().getHostString() + ":" + endpoints.dns().getPort());
        ObjectNode regions = running.putObject("buckets");
        buckets.forEach(regions::put);
        try {
            Path temporary = stateDirectory.resolve(RUNNING_FILE + ".tmp");
            JSON.writeValue(temporary.toFile(), running);
            Files.move(temporary, stateDirectory.resolve(RUNNING_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the sandbox's endpoints in " + stateDirectory, e);
        }
    }

    /**
     * The sandbox running on {@code stateDirectory} in this or another process, if any: present only while its
     * lease is held.
     */
    static Optional<RunningSandbox> find(Path stateDirectory) {
        Path lockFile = stateDirectory.resolve(LOCK_FILE);
        if (!Files.isRegularFile(lockFile)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = tryLock(channel);
            if (probe != null) {
                probe.release();
                return Optional.empty(); // nobody holds it: whatever running.json says is left from a killed sandbox
            }
            return read(stateDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check for a sandbox running on " + stateDirectory, e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(stateDirectory.resolve(RUNNING_FILE));
        } catch (IOException e) {
            // the released lock already marks the file as stale; nothing depends on deleting it
        } finally {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the sandbox lock in " + stateDirectory, e);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process
        }
    }

    private static Optional<RunningSandbox> read(Path stateDirectory) {
        Path file = stateDirectory.resolve(RUNNING_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty(); // locked but not yet published: still starting
        }
        try {
            JsonNode running = JSON.readTree(file.toFile());
            JsonNode services = running.path("endpoints");
            String[] dns = services.path("dns").asText().split(":");
            SandboxEndpoints endpoints = new SandboxEndpoints(uri(services, "s3"), uri(services, "lambda"),
                    uri(services, "cloudFront"), uri(services, "cloudWatch"), uri(services, "codeDeploy"),
                    uri(services, "route53"), InetSocketAddress.createUnresolved(dns[0], Integer.parseInt(dns[1])));
            Map<String, String> buckets = new LinkedHashMap<>();
            running.path("buckets").fields().forEachRemaining(entry -> buckets.put(entry.getKey(),
                    entry.getValue().asText()));
            return Optional.of(new RunningSandbox(stateDirectory, running.path("processId").asLong(), endpoints,
                    buckets));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("a sandbox runs on " + stateDirectory + " but its " + RUNNING_FILE
                    + " cannot be read (" + e.getMessage() + "); stop that sandbox and start it again", e);
        }
    }

    private static URI uri(JsonNode services, String name) {
        return URI.create(services.path(name).asText());
    }
}
