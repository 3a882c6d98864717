package dev.shouli.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.WebDriver;

/** Deque's axe-core run in the page a test has open: every rule, and no serious or critical violation allowed. */
public final class Axe {

    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private Axe() {
    }

    public static void assertNoSeriousViolations(WebDriver driver, String page) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.getErrorMessage()).as("axe ran on %s", page).isNull();
        assertThat(results.getPasses()).as("axe checked %s", page).isNotEmpty();
        List<String> blocking = results.getViolations().stream()
                .filter(rule -> BLOCKING.contains(rule.getImpact()))
                .map(Axe::describe)
                .toList();
        assertThat(blocking).as("serious or critical accessibility violations on %s", page).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }
}
