package dev.findling.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The app's packages form no cycle: features import {@code command}, {@code packs} and {@code system}, never
 * {@code cli} (which imports them all), and no two features import each other.
 */
@AnalyzeClasses(packages = "dev.findling.app", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.findling.app.(*)..").should().beFreeOfCycles();
}
