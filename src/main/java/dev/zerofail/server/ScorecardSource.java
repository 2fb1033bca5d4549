package dev.zerofail.server;

import dev.zerofail.core.Scorecard;

/**
 * The audit scorecard the dashboard shows: {@code zerofail serve} runs the audit over its directory,
 * tests give a fixed one. Null when there is none to show.
 */
public interface ScorecardSource {
    Scorecard scorecard();

    ScorecardSource NONE = () -> null;
}
