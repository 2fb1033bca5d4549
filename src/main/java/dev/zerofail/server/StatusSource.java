package dev.zerofail.server;

import dev.zerofail.deploy.StatusResult;

/**
 * An environment's services now (Docker's view plus the last deploys). The CLI gives the real one
 * (zerofail.yaml, the Docker connection); tests give a fake. Throws a ZerofailException with exit 3
 * when Docker or the database does not answer.
 */
public interface StatusSource {
    StatusResult status(String environment);
}
