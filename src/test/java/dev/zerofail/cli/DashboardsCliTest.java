package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardsCliTest {
    @TempDir
    Path dir;

    @Test
    void exportWritesTheDashboardAndTheRulesAndReportsThemAsJson() throws Exception {
        Path rules = dir.resolve("rules.yml");
        Cli cli = Cli.run("dashboards", "export", "--grafana", dir.toString(), "--prometheus-rules", rules.toString(), "-f", "json");
        assertThat(cli.exit()).as(cli.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.path("command").asText()).isEqualTo("dashboards export");
        assertThat(doc.path("result").path("alerts")).hasSize(9);
        assertThat(Path.of(doc.path("result").path("dashboard").asText())).exists();
        assertThat(Files.readString(rules)).contains("alert: ZerofailRollbackFailed").contains("severity: page");
        assertThat(new ObjectMapper().readTree(dir.resolve("zerofail.json").toFile()).path("panels").size()).isGreaterThan(10);
    }

    @Test
    void textNamesTheFilesAndTheirContents() {
        Cli cli = Cli.run("dashboards", "export", "--prometheus-rules", dir.resolve("r.yml").toString(), "--no-color");
        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("wrote " + dir.resolve("r.yml")).contains("ZerofailServeDown").contains("9 alerts")
                .doesNotContain("panels");
    }

    @Test
    void nothingToWriteOrAMissingDirectoryIsAUsageErrorAndWritesNothing() {
        Cli none = Cli.run("dashboards", "export");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("--grafana DIR, --prometheus-rules FILE");
        Cli missing = Cli.run("dashboards", "export", "--grafana", dir.resolve("nope").toString(), "--prometheus-rules",
                dir.resolve("r.yml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("not a directory");
        assertThat(dir.resolve("r.yml")).doesNotExist();
    }

    @Test
    void aBadPushgatewayUrlStopsADeployBeforeAnythingRuns() {
        Cli cli = Cli.run("deploy", "--env", "prod", "--pushgateway", "localhost:9091", "--config", dir.resolve("none.yaml").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--pushgateway").contains("http(s)");
    }
}
