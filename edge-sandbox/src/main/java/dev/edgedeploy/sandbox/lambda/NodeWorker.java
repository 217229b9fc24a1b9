package dev.edgedeploy.sandbox.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warm Node.js process running the sandbox runtime harness for one version: Lambda's execution
 * environment. It serves one invocation at a time and is reused until it times out, crashes or is closed.
 */
final class NodeWorker implements AutoCloseable {

    private static final Logger FUNCTION_LOG = LoggerFactory.getLogger("dev.edgedeploy.sandbox.lambda.function");
    private static final String EXITED = "\u0000exited";

    private final WorkerSpec spec;
    private final Process process;
    private final OutputStream stdin;
    private final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    /** Set once the handler module loaded; only the invocation holding the worker touches it. */
    private boolean initialized;

    private NodeWorker(WorkerSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    static NodeWorker start(WorkerSpec spec, String nodeCommand, Path harness) {
        ProcessBuilder builder = new ProcessBuilder(List.of(nodeCommand, harness.toString()))
                .directory(spec.taskRoot().toFile());
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw LambdaApiException.service("cannot start '" + nodeCommand + "' for " + spec.label()
                    + ": " + e.getMessage());
        }
        NodeWorker worker = new NodeWorker(spec, process);
        worker.pump("stdout", process.getInputStream(), worker.answers::add, true);
        worker.pump("stderr", process.getErrorStream(),
                line -> FUNCTION_LOG.info("[{}] {}", spec.label(), line), false);
        return worker;
    }

    WorkerSpec spec() {
        return spec;
    }

    boolean initialized() {
        return initialized;
    }

    void markInitialized() {
        initialized = true;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Sends one invocation line and waits for its answer.
     *
     * @return the answer line, or null when the worker exited or the timeout passed (then it is killed)
     */
    String exchange(String requestLine, Duration timeout) throws InterruptedException {
        answers.clear();
        try {
            stdin.write((requestLine + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            close();
            return null;
        }
        String answer = answers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (answer == null || EXITED.equals(answer)) {
            close();
            return null;
        }
        return answer;
    }

    /** The exit code once the worker has exited, for Lambda's Runtime.ExitError message. */
    Integer exitCode() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(String stream, java.io.InputStream input, java.util.function.Consumer<String> sink,
            boolean signalExit) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process was killed; its pipes close with it
            } finally {
                if (signalExit) {
                    answers.add(EXITED);
                }
            }
        }, "lambda-" + spec.label() + "-" + stream);
        thread.setDaemon(true);
        thread.start();
    }
}
