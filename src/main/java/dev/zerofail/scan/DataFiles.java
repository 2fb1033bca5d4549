package dev.zerofail.scan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a JSON or TOML file the user pointed at, with errors that name the file and line. */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * @param problem what to say when the file does not parse ("baseline is not valid JSON")
     * @param next    what the user should do instead
     */
    static JsonNode readTree(ObjectMapper mapper, Path file, String problem, String next) {
        try {
            return mapper.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            // The parser's message quotes the offending token, which could be anything (a secret):
            // report the place only.
            JsonLocation at = e.getLocation();
            throw ZerofailException.usage(file + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : ""),
                    problem, next);
        } catch (IOException e) {
            throw ZerofailException.usage(file.toString(), "cannot read: " + e.getClass().getSimpleName(),
                    "check the path and permissions");
        }
    }
}
