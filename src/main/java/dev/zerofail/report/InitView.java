package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.init.InitResult;

/** {@code zerofail init}: what the new zerofail.yaml holds, per environment and service, and what to do next. */
final class InitView implements ResultView<InitResult> {
    @Override
    public Class<InitResult> type() {
        return InitResult.class;
    }

    @Override
    public void head(InitResult r, Style style, StringBuilder out) {
        out.append(style.bold((r.replaced() ? "replaced " : "wrote ") + r.file())).append('\n');
        if (r.environments().isEmpty()) {
            out.append("  environments: none (no compose file; see the comment in the file)\n");
        }
        for (InitResult.Environment e : r.environments()) {
            out.append("  environment ").append(style.bold(e.name())).append(": stack ").append(e.stack()).append(", ")
                    .append(String.join(" + ", e.compose())).append('\n');
            int width = e.services().stream().mapToInt(s -> s.name().length()).max().orElse(0);
            for (InitResult.Service s : e.services()) {
                out.append("    ").append(String.format("%-" + width + "s", s.name()))
                        .append(s.containerHealthcheck() ? "  healthcheck" : style.yellow("  no healthcheck"));
                s.http().forEach(u -> out.append("  ").append(u));
                out.append("  timeout ").append(s.timeoutMs() / 1000).append("s\n");
            }
        }
        out.append("  secrets: ").append(r.secrets().entries()).append(" in the manifest");
        if (!r.secrets().sources().isEmpty()) {
            out.append(", imported from ").append(String.join(", ", r.secrets().sources()));
        }
        out.append('\n');
        out.append("  history: ").append(r.history()).append('\n');
        if (!r.unusedCompose().isEmpty()) {
            out.append("  not used: ").append(String.join(", ", r.unusedCompose())).append('\n');
        }
        out.append("next: review ").append(r.file()).append(" (every value is a guess), then run: zerofail audit\n");
    }

    @Override
    public String summaryLine(InitResult r, Report report, Style style) {
        long services = r.environments().stream().mapToLong(e -> e.services().size()).sum();
        return r.file() + ": " + r.environments().size() + " environment(s), " + services + " service(s), "
                + r.secrets().entries() + " secret(s)";
    }

    @Override
    public void markdown(InitResult r, StringBuilder out) {
        out.append("`").append(r.file()).append("` ").append(r.replaced() ? "replaced" : "written").append(".\n\n");
        out.append("| environment | stack | compose files | services | HTTP checks |\n|---|---|---|---|---|\n");
        for (InitResult.Environment e : r.environments()) {
            out.append("| ").append(Markdown.esc(e.name())).append(" | ").append(Markdown.esc(e.stack())).append(" | ")
                    .append(Markdown.esc(String.join(" + ", e.compose()))).append(" | ").append(e.services().size())
                    .append(" | ").append(e.services().stream().mapToInt(s -> s.http().size()).sum()).append(" |\n");
        }
        out.append("\nSecrets: ").append(r.secrets().entries()).append(" imported. History: `")
                .append(r.history()).append("`.\n\n");
    }
}
