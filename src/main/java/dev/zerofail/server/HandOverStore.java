package dev.zerofail.server;

import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * The shared store as one API-started deploy sees it. The server takes the service's lock on the
 * request thread (so a second POST gets its 409 at once, not after the first has started), and the
 * engine's own lock call for that service gets this lock back instead of waiting for itself; its
 * close is a no-op, the server releases the lock when the engine returns. The first deployment the
 * engine records for the service completes {@link #deploymentId}, which the 202 answers with.
 * Every other call goes to the shared store unchanged (a proxy: a method added to HistoryStore needs
 * nothing here), and closing the view leaves the shared store open.
 */
final class HandOverStore {
    private final String environment;
    private final String service;
    private final HistoryStore.DeployLock held;
    final CompletableFuture<Long> deploymentId = new CompletableFuture<>();
    final HistoryStore view;

    HandOverStore(HistoryStore store, String environment, String service, HistoryStore.DeployLock held) {
        this.environment = environment;
        this.service = service;
        this.held = held;
        this.view = (HistoryStore) Proxy.newProxyInstance(HistoryStore.class.getClassLoader(),
                new Class<?>[] {HistoryStore.class}, (proxy, method, args) -> call(store, method, args));
    }

    private Object call(HistoryStore store, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close":
                if (method.getParameterCount() == 0) {
                    return null; // the server's store outlives every deploy
                }
                break;
            case "lock":
                if (environment.equals(args[0]) && service.equals(args[1])) {
                    return new HistoryStore.DeployLock() {
                        @Override
                        public String holder() {
                            return held.holder();
                        }

                        @Override
                        public void close() {
                            // released by the server once the engine is done
                        }
                    };
                }
                break;
            case "start":
                long id = (Long) invoke(store, method, args);
                Deployment draft = (Deployment) args[0];
                if (draft.environment().equals(environment) && draft.service().equals(service)) {
                    deploymentId.complete(id);
                }
                return id;
            default:
                break;
        }
        return invoke(store, method, args);
    }

    private static Object invoke(HistoryStore store, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Releases the lock the server took; after the engine returned or threw. */
    void release() {
        held.close();
    }
}
