package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceFinderTest {
    @TempDir
    Path dir;

    private List<String> code(String file, String text) throws IOException {
        Path repo = Files.createTempDirectory(dir, "repo");
        Files.writeString(repo.resolve(file), text);
        return ReferenceFinder.find(repo).references().stream()
                .filter(r -> r.kind() == Reference.Kind.CODE)
                .map(r -> r.name() + "@" + r.where())
                .toList();
    }

    @Test
    void everyFormOfAVariableReadByCode() throws IOException {
        assertThat(code("app.py", """
                import os
                a = os.getenv("A_KEY")
                b = os.environ["B_KEY"]
                c = os.environ.get('C_KEY')
                """)).containsExactly("A_KEY@app.py:2", "B_KEY@app.py:3", "C_KEY@app.py:4");
        assertThat(code("app.js", "const d = process.env.D_KEY;\nconst e = process.env[\"E_KEY\"];\n"
                + "const f = import.meta.env.F_KEY;\n"))
                .containsExactly("D_KEY@app.js:1", "E_KEY@app.js:2", "F_KEY@app.js:3");
        assertThat(code("app.rb", "g = ENV[\"G_KEY\"]\nh = ENV.fetch(\"H_KEY\")\n"))
                .containsExactly("G_KEY@app.rb:1", "H_KEY@app.rb:2");
        assertThat(code("main.rs", "let i = env::var(\"I_KEY\");\nlet j = env::var_os(`J_KEY`);\n"))
                .containsExactly("I_KEY@main.rs:1", "J_KEY@main.rs:2");
        assertThat(code("Prog.cs", "var k = Environment.GetEnvironmentVariable(\"K_KEY\");\n"))
                .containsExactly("K_KEY@Prog.cs:1");
        assertThat(code("Main.java", "class M {\n  String l = System.getenv(\"L_KEY\");\n  String m = System.GETENV(\"M_KEY\");\n}\n"))
                .containsExactly("L_KEY@Main.java:2", "M_KEY@Main.java:3");
        assertThat(code("main.go", "v := os.Getenv(\"N_KEY\")\n")).containsExactly("N_KEY@main.go:1");
    }

    @Test
    void severalReadsOnOneLineWindowsLineEndsAndLongFiles() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < 500; i++) {
            text.append("x = compute(").append(i).append(")  # the environment of the process\r\n");
        }
        text.append("a = os.getenv('FIRST_KEY') or os.getenv('SECOND_KEY')\r\n");
        text.append("b = 1\r\nc = os.environ['LAST_KEY']");
        assertThat(code("big.py", text.toString()))
                .containsExactly("FIRST_KEY@big.py:500", "SECOND_KEY@big.py:500", "LAST_KEY@big.py:502");
    }

    @Test
    void wordsThatOnlyContainTheNamesAreNotReads() throws IOException {
        assertThat(code("x.py", """
                myenviron["A_KEY"] = 1
                xprocess.env.B_KEY
                SETENV["C_KEY"]
                # set the environment variable D_KEY
                env = "E_KEY"
                """)).isEmpty();
    }

    @Test
    void otherFilesAreNotReadAsCode() throws IOException {
        assertThat(code("notes.md", "os.getenv(\"A_KEY\")\n")).isEmpty();
    }
}
