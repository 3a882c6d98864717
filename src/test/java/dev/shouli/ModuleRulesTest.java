package dev.shouli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The module rules of docs/architecture.md ("Modules and import rules"), checked on the compiled main classes: a
 * failure names the class, the import and the rule it breaks.
 */
@AnalyzeClasses(packages = "dev.shouli", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

    private static final String CORE = "dev.shouli.core..";
    private static final String CHANNELS = "dev.shouli.channel..";
    private static final String FEATURES = "dev.shouli.feature..";

    /**
     * A module is {@code core/<x>}, the channel SPI, {@code channel/<x>} or {@code feature/<x>}; {@code Gateway} and
     * {@code Main} (which list the modules) are none.
     */
    private static final SliceAssignment MODULES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String[] parts = javaClass.getPackageName().split("\\.");
            if (parts.length < 3) {
                return SliceIdentifier.ignore();
            }
            if (parts[2].equals("channel") && parts.length == 3) {
                return SliceIdentifier.of("channel SPI");
            }
            return parts.length < 4 ? SliceIdentifier.ignore() : SliceIdentifier.of(parts[2] + "/" + parts[3]);
        }

        @Override
        public String getDescription() {
            return "modules (core/<x>, the channel SPI, channel/<x>, feature/<x>)";
        }
    };

    @ArchTest
    static final ArchRule modulesFormNoCycle = SlicesRuleDefinition.slices().assignedFrom(MODULES)
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theCoreImportsNoModule = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(CHANNELS, FEATURES, "dev.shouli")
            .because("the core is what every module builds on; a module reaches it, never the other way");

    @ArchTest
    static final ArchRule theChannelSpiImportsNoModule = noClasses().that().resideInAPackage("dev.shouli.channel")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shouli.channel.*..", FEATURES)
            .because("every channel builds on the SPI");

    @ArchTest
    static final ArchRule aChannelImportsNoOtherChannelAndNoFeature = classes().that().resideInAPackage("dev.shouli.channel.*..")
            .should(new ArchCondition<JavaClass>("import no other channel and no feature") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    String own = channelOf(item.getPackageName());
                    for (Dependency d : item.getDirectDependenciesFromSelf()) {
                        String target = d.getTargetClass().getPackageName();
                        String other = channelOf(target);
                        boolean feature = target.startsWith("dev.shouli.feature.");
                        if (feature || other != null && !other.equals(own)) {
                            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                        }
                    }
                }
            });

    @ArchTest
    static final ArchRule aFeatureImportsNoChannelInternals = noClasses().that().resideInAPackage(FEATURES)
            .should().dependOnClassesThat().resideInAPackage("dev.shouli.channel.*..")
            .because("a feature reaches channels only through the channel SPI and the core's notices");

    @ArchTest
    static final ArchRule modulesDoNotSeeTheWholeConfiguration = noClasses().that()
            .resideInAnyPackage(CORE, CHANNELS, FEATURES)
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.shouli.ShouliConfig")
            .because("each module reads its own section; only Gateway sees the whole configuration");

    @ArchTest
    static final ArchRule aModulesStoresArePrivateToIt = classes().that().resideInAnyPackage(CHANNELS, FEATURES)
            .and().haveSimpleNameEndingWith("Store")
            .should().notBePublic()
            .because("a module's tables are reached only through its public interface");

    /** {@code email} for {@code dev.shouli.channel.email…}; null outside a channel. */
    private static String channelOf(String packageName) {
        String prefix = "dev.shouli.channel.";
        if (!packageName.startsWith(prefix)) {
            return null;
        }
        String rest = packageName.substring(prefix.length());
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    }
}
