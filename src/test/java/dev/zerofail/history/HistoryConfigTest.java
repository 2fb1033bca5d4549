package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryConfigTest {
    private static HistoryConfig parse(String yaml) {
        return HistoryConfig.from(ConfigNode.parse("zerofail.yaml", yaml).get("history").orElseThrow());
    }

    private static ZerofailException error(String yaml) {
        try {
            parse(yaml);
        } catch (ZerofailException e) {
            return e;
        }
        throw new AssertionError("expected an error for " + yaml);
    }

    @Test
    void defaultsToSqliteUnderTheRepositoryRoot() {
        HistoryConfig d = HistoryConfig.from(ConfigNode.parse("zerofail.yaml", ""));
        Path root = Path.of("/srv/repo");
        assertThat(d.jdbcUrl(root)).isEqualTo("jdbc:sqlite:/srv/repo/.zerofail/history.db");
        assertThat(d.sqliteFile(root)).isEqualTo(Path.of("/srv/repo/.zerofail/history.db"));
        assertThat(d.password(Map.of())).isNull();
    }

    @Test
    void readsPostgresUrlUserAndPasswordVariable() {
        HistoryConfig c = parse("history:\n  url: jdbc:postgresql://db.internal:5432/zerofail?sslmode=verify-full\n"
                + "  user: deployer\n  password-env: ZEROFAIL_HISTORY_PW\n");
        assertThat(c.jdbcUrl(Path.of("/srv/repo"))).isEqualTo("jdbc:postgresql://db.internal:5432/zerofail?sslmode=verify-full");
        assertThat(c.user()).isEqualTo("deployer");
        assertThat(c.password(Map.of("ZEROFAIL_HISTORY_PW", "pw-value"))).isEqualTo("pw-value");
        assertThat(c.exists(Path.of("/srv/repo"))).isTrue();
        assertThatThrownBy(() -> c.password(Map.of())).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("ZEROFAIL_HISTORY_PW");
        });
    }

    @Test
    void keepsAbsoluteSqlitePathsAndQueryStrings() {
        assertThat(parse("history:\n  url: jdbc:sqlite:/var/lib/zf/h.db\n").jdbcUrl(Path.of("/srv/repo")))
                .isEqualTo("jdbc:sqlite:/var/lib/zf/h.db");
        assertThat(parse("history:\n  url: jdbc:sqlite:db/h.db?busy_timeout=1\n").jdbcUrl(Path.of("/srv/repo")))
                .isEqualTo("jdbc:sqlite:/srv/repo/db/h.db?busy_timeout=1");
    }

    @Test
    void badKeysAndValuesNameFileLineAndKey() {
        ZerofailException unknown = error("history:\n  url: jdbc:sqlite:x.db\n  password: hunter2hunter2\n");
        assertThat(unknown.where()).isEqualTo("zerofail.yaml:3 history.password");
        assertThat(unknown.describe()).contains("unknown key 'password'").doesNotContain("hunter2");

        ZerofailException driver = error("history:\n  url: jdbc:mysql://db/zf\n");
        assertThat(driver.where()).isEqualTo("zerofail.yaml:2 history.url");
        assertThat(driver.exitCode()).isEqualTo(ExitCode.USAGE);

        ZerofailException inUrl = error("history:\n  url: jdbc:postgresql://db/zf?user=a&password=hunter2hunter2\n");
        assertThat(inUrl.where()).isEqualTo("zerofail.yaml:2 history.url");
        assertThat(inUrl.describe()).contains("password-env").doesNotContain("hunter2");
        assertThat(error("history:\n  url: jdbc:postgresql://a:hunter2hunter2@db/zf\n").describe())
                .doesNotContain("hunter2");

        assertThat(error("history:\n  password-env: 'not a name'\n").where()).isEqualTo("zerofail.yaml:2 history.password-env");
        assertThat(error("history:\n  user: [a, b]\n").where()).isEqualTo("zerofail.yaml:2 history.user");
    }
}
