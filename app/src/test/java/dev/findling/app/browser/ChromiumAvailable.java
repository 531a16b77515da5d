package dev.findling.app.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Skips the browser tests, with what to install, when the system's Chromium or chromedriver is missing — decided
 * before the Spring context starts, so a machine without a browser pays nothing for them.
 */
final class ChromiumAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        for (Path p : new Path[]{BrowserTestSupport.CHROMIUM, BrowserTestSupport.CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                return ConditionEvaluationResult.disabled("Browser tests skipped: no executable " + p
                        + " (install Debian's chromium and chromium-driver packages; .ci/run does)");
            }
        }
        return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
    }
}
