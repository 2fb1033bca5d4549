package dev.zerofail.server;

/** A set of related routes (health, deployments, metrics…); adding an endpoint group is adding one of these to {@link Server}. */
public interface RouteGroup {
    void register(Routes routes);
}
