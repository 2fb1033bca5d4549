package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {
    @Test
    void readsTheCommonForms() {
        var entries = DotEnv.parse(".env", """
                # comment
                PLAIN=value # trailing comment
                export EXPORTED=yes
                SINGLE='literal \\n $HOME'
                DOUBLE="line1\\nline2 \\"q\\""
                MULTI="first
                second"
                EMPTY=
                BARE
                """);
        assertThat(entries).extracting(DotEnv.Entry::key)
                .containsExactly("PLAIN", "EXPORTED", "SINGLE", "DOUBLE", "MULTI", "EMPTY", "BARE");
        assertThat(entries).extracting(DotEnv.Entry::value)
                .containsExactly("value", "yes", "literal \\n $HOME", "line1\nline2 \"q\"", "first\nsecond", "", "");
        assertThat(entries.get(5).line()).isEqualTo(8);
    }

    @Test
    void aDuplicateKeyNamesBothLinesButNoValue() {
        assertThatThrownBy(() -> DotEnv.parse("deploy/.env", "TOKEN=abc123secret\nOTHER=1\nTOKEN=def456secret\n"))
                .isInstanceOf(ZerofailException.class)
                .extracting(e -> ((ZerofailException) e).describe()).asString()
                .contains("deploy/.env:3", "lines 1 and 3").doesNotContain("abc123secret", "def456secret");
    }

    @Test
    void anUnclosedQuoteAndABadNameAreUsageErrors() {
        assertThatThrownBy(() -> DotEnv.parse(".env", "A=\"open\n"))
                .extracting(e -> ((ZerofailException) e).describe()).asString().contains(".env:1", "not closed");
        assertThatThrownBy(() -> DotEnv.parse(".env", "1BAD=x\n"))
                .satisfies(e -> assertThat(((ZerofailException) e).where()).isEqualTo(".env:1"))
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void aMissingFileIsEmptyOnlyWhenOptional(@TempDir Path dir) throws Exception {
        assertThat(DotEnv.readIfPresent(dir.resolve(".env"))).isEmpty();
        assertThatThrownBy(() -> DotEnv.read(dir.resolve(".env"))).hasMessageContaining("not found");
        Files.writeString(dir.resolve(".env"), "A=1\n");
        assertThat(DotEnv.read(dir.resolve(".env"))).containsEntry("A", "1");
    }
}
