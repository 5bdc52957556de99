package com.coworking.bridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layers the README draws ("How the code is laid out"): each layer uses only the layers below it, the
 * access policy uses nothing but the JDK, and no two packages depend on each other.
 */
@AnalyzeClasses(packages = "com.coworking.bridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Tools").definedBy("com.coworking.bridge.sandbox..")
            .layer("Launcher").definedBy("com.coworking.bridge")
            .layer("Operations").definedBy("com.coworking.bridge.operate..")
            .layer("Flows").definedBy("com.coworking.bridge.intake..", "com.coworking.bridge.inbox..", "com.coworking.bridge.poll..",
                    "com.coworking.bridge.sync..", "com.coworking.bridge.drift..")
            .layer("Adapters and stores").definedBy("com.coworking.bridge.spacebring..", "com.coworking.bridge.luckey..",
                    "com.coworking.bridge.mirror..", "com.coworking.bridge.link..", "com.coworking.bridge.instance..",
                    "com.coworking.bridge.db..")
            .layer("Policy").definedBy("com.coworking.bridge.access..")
            .layer("Base").definedBy("com.coworking.bridge.base..", "com.coworking.bridge.http..", "com.coworking.bridge.logging..")
            .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("Launcher").mayOnlyBeAccessedByLayers("Tools")
            .whereLayer("Operations").mayOnlyBeAccessedByLayers("Launcher", "Tools")
            .whereLayer("Flows").mayOnlyBeAccessedByLayers("Operations", "Launcher", "Tools")
            .whereLayer("Adapters and stores").mayOnlyBeAccessedByLayers("Flows", "Operations", "Launcher", "Tools")
            .whereLayer("Policy").mayNotAccessAnyLayer()
            .whereLayer("Base").mayNotAccessAnyLayer();

    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("com.coworking.bridge.(*)..").should().beFreeOfCycles();

    /** Pure: decided from the facts it is given, so each rule is tested case by case without a database or a server. */
    @ArchTest
    static final ArchRule ACCESS_POLICY_DOES_NO_IO = noClasses().that().resideInAPackage("com.coworking.bridge.access..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.net..", "java.nio.file..", "java.nio.channels..", "java.sql..", "javax.sql..",
                    "org.apache.camel..", "org.springframework..", "com.fasterxml..")
            .orShould().dependOnClassesThat().resideInAPackage("com.coworking.bridge")
            .because("the access rules are decided from facts alone (README, \"How the code is laid out\")");
}
