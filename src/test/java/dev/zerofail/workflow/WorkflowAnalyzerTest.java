package dev.zerofail.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowAnalyzerTest {
    @TempDir
    Path repo;

    private void workflow(String name, String yaml) throws Exception {
        Path p = repo.resolve(".github/workflows").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
    }

    private List<Finding> analyze() {
        return WorkflowAnalyzer.analyze(WorkflowSet.load(repo)).findings();
    }

    private static List<String> at(List<Finding> found, String rule) {
        return found.stream().filter(f -> f.rule().equals(rule)).map(f -> f.location().path().replaceAll(".*/", "")
                + ":" + f.location().line()).toList();
    }

    static final String CLEAN = """
            name: Quality gate
            on:
              pull_request:
            permissions:
              contents: read
            jobs:
              test:
                runs-on: ubuntu-latest
                timeout-minutes: 15
                steps:
                  - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4
                  - run: |
                      npm ci
                      npm test
            """;

    @Test
    void aWellRunWorkflowHasNoFindings() throws Exception {
        workflow("quality.yml", CLEAN);
        assertThat(analyze()).isEmpty();
    }

    @Test
    void maskedFailuresAtTheirScriptLines() throws Exception {
        workflow("deploy.yml", """
                name: Deploy
                on: {push: {branches: [main]}}
                concurrency: deploy-production
                permissions: {contents: read}
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    timeout-minutes: 10
                    environment: production
                    steps:
                      - name: Tests
                        continue-on-error: true
                        run: pytest
                      - name: Migrate
                        run: |
                          set +e
                          ./migrate.sh || true
                          curl -f https://example.invalid/health || echo "ignored"
                      - name: Deploy
                        if: always()
                        run: docker stack deploy -c stack.yml app
                      - name: Health
                        run: |
                          status=$(curl -s -o /dev/null -w '%{http_code}' https://example.invalid/healthz)
                          if [ "$status" != "200" ]; then
                            echo "health check returned $status"
                            exit 0
                          fi
                          coverage report --fail-under=80
                          exit 0
                """);
        List<Finding> found = analyze();
        assertThat(at(found, "mask-continue-on-error")).containsExactly("deploy.yml:12");
        assertThat(at(found, "mask-set-e")).containsExactly("deploy.yml:16");
        assertThat(at(found, "mask-or-true")).containsExactly("deploy.yml:17", "deploy.yml:18", "deploy.yml:27");
        assertThat(at(found, "mask-always-deploy")).containsExactly("deploy.yml:20");
        assertThat(found).extracting(Finding::rule).doesNotContain("no-concurrency", "no-timeout", "permissions-missing");
    }

    @Test
    void manualOperationsAndHosts() throws Exception {
        workflow("ops.yml", """
                on: workflow_dispatch
                permissions: read-all
                jobs:
                  ops:
                    runs-on: ubuntu-latest
                    timeout-minutes: 5
                    steps:
                      - uses: appleboy/ssh-action@v1.0.3
                        with:
                          host: 203.0.113.10
                      - uses: appleboy/scp-action@v0.1.7
                        with:
                          host: deploy.acme.example
                          port: ${{ secrets.PORT }}
                      - run: |
                          scp app.tar deploy@198.51.100.7:/srv/app
                          ssh deploy@198.51.100.7 'docker service update --image app:2 app'
                          kubectl -n prod exec deploy/api -- ./manage.py migrate
                          rsync -a ./dist/ ./public/
                          echo "ssh is documented in docs/ssh.md"
                """);
        List<Finding> found = analyze();
        assertThat(at(found, "manual-ssh")).containsExactly("ops.yml:8", "ops.yml:11", "ops.yml:16", "ops.yml:17");
        assertThat(at(found, "manual-kubectl-exec")).containsExactly("ops.yml:18");
        assertThat(at(found, "hardcoded-host")).containsExactly("ops.yml:10", "ops.yml:13", "ops.yml:16", "ops.yml:17");
        assertThat(at(found, "unpinned-action")).containsExactly("ops.yml:8", "ops.yml:11");
    }

    @Test
    void secretsEchoedOrWrittenNameTheSecretNotItsValue() throws Exception {
        workflow("keys.yml", """
                on: push
                permissions: {contents: read}
                jobs:
                  k:
                    runs-on: ubuntu-latest
                    timeout-minutes: 5
                    steps:
                      - run: |
                          echo "${{ secrets.SSH_KEY }}" > key.pem
                          echo "token is ${{ secrets.API_TOKEN }}"
                          echo "X=${{ secrets.X }}" >> "$GITHUB_ENV"
                          curl -H "Authorization: ${{ secrets.API_TOKEN }}" https://example.invalid
                """);
        List<Finding> found = analyze();
        assertThat(found).filteredOn(f -> f.rule().equals("secret-exposed")).extracting(Finding::message)
                .containsExactly("secrets.SSH_KEY is written to a file", "secrets.API_TOKEN is echoed to the log");
    }

    @Test
    void hygiene() throws Exception {
        workflow("release.yml", """
                name: Release deploy
                on:
                  push:
                    tags: ['v*']
                permissions: write-all
                jobs:
                  infra:
                    runs-on: ubuntu-latest
                    environment: production
                    steps:
                      - uses: pulumi/actions@v5
                        with:
                          command: up
                          pulumi-version: latest
                      - uses: ./.github/actions/notify
                      - uses: docker://alpine:3.20
                """);
        List<Finding> found = analyze();
        assertThat(at(found, "permissions-write-all")).containsExactly("release.yml:5");
        assertThat(at(found, "no-concurrency")).containsExactly("release.yml:1");
        assertThat(at(found, "no-timeout")).containsExactly("release.yml:7");
        assertThat(at(found, "floating-tool-version")).containsExactly("release.yml:14");
        assertThat(at(found, "unpinned-action")).containsExactly("release.yml:11");
    }

    @Test
    void competingDeploysAndCopiedStepsAcrossFiles() throws Exception {
        String steps = """
                      - uses: actions/checkout@v4
                      - uses: actions/setup-node@v4
                        with: {node-version: %s}
                      - run: npm ci
                      - run: npm run build
                      - run: docker build -t app .
                      - run: docker push app
                      - run: docker service update --image app app
                """;
        String head = """
                name: %s
                on:
                  push:
                    branches: [main]
                permissions: {contents: read}
                concurrency: x
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    timeout-minutes: 10
                    environment: production
                    steps:
                """;
        workflow("deploy.yml", head.formatted("Deploy") + steps.formatted("18"));
        workflow("deploy-prod.yml", head.formatted("Deploy prod") + "      - run: echo start\n" + steps.formatted("20"));
        workflow("quality.yml", CLEAN);
        List<Finding> found = analyze();
        assertThat(at(found, "overlap-competing-deploys")).containsExactly("deploy-prod.yml:3", "deploy.yml:3");
        assertThat(found).filteredOn(f -> f.rule().equals("overlap-duplicate-steps")).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("7 steps").contains("similarity 1.00"));
        WorkflowAnalysis r = WorkflowAnalyzer.run(WorkflowSet.load(repo)).result();
        assertThat(r.workflows()).isEqualTo(3);
        assertThat(r.byPurpose()).containsEntry("deploy", 2L).containsEntry("quality", 1L);
        assertThat(r.duplicatedLines()).isGreaterThanOrEqualTo(8);
        assertThat(r.inventory()).extracting(WorkflowAnalysis.Entry::path).hasSize(3);
    }

    @Test
    void unreadableFilesAreFindingsNotCrashes() throws Exception {
        workflow("invalid.yml", "on: push\njobs:\n  a: [unclosed\n");
        workflow("list.yml", "- just\n- a list\n");
        workflow("job-string.yml", "on: push\njobs:\n  build: make\n");
        workflow("empty.yml", "");
        workflow("huge.yml", "# x\n".repeat(300_000));
        workflow("ok.yml", CLEAN);
        List<Finding> found = analyze();
        assertThat(at(found, "workflow-parse-error")).containsExactlyInAnyOrder("empty.yml:1", "huge.yml:1",
                "invalid.yml:4", "job-string.yml:3", "list.yml:1");
        assertThat(found).filteredOn(f -> f.location().path().endsWith("ok.yml")).isEmpty();
    }

    @Test
    void archivedWorkflowsAreCountedApartAndNotAnalysed() throws Exception {
        workflow("archive/old.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ./go || true\n");
        workflow("quality.yml", CLEAN);
        Report r = WorkflowAnalyzer.analyze(WorkflowSet.load(repo));
        assertThat(r.findings()).isEmpty();
        assertThat(r.result()).isInstanceOfSatisfying(WorkflowAnalysis.class, a -> {
            assertThat(a.workflows()).isEqualTo(1);
            assertThat(a.archived()).isEqualTo(1L);
        });
    }
}
