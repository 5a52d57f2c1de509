package dev.dropuser.house;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house's dependency rules (../shared/house.json): the use cases know no framework, storage, HTTP or wire
 * format, and every arrow between features points toward them.
 */
class ArchitectureTest {
    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dropuser");

    @Test
    void theDropUseCase_importsNoFrameworkRedisHttpOrWireType() {
        noClasses().that().resideInAPackage("dev.dropuser.drop..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "io.vertx..", "io.smallrye..", "jakarta..", "org.jboss..", "org.eclipse..",
                        "com.fasterxml..", "org.msgpack..",
                        "dev.dropuser.api..", "dev.dropuser.registry..", "dev.dropuser.signaling..", "dev.dropuser.webhook..")
                .because("the use case reads like the domain's steps, whatever carries them")
                .check(PRODUCTION);
    }

    @Test
    void theCleanupUseCase_knowsNoRedisNorHttp() {
        noClasses().that().resideInAPackage("dev.dropuser.cleanup..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx.redis..", "io.vertx.mutiny.redis..", "io.quarkus.redis..",
                        "dev.dropuser.registry..", "dev.dropuser.api..")
                .check(PRODUCTION);
    }

    @Test
    void theHttpEdge_knowsNoRedis() {
        noClasses().that().resideInAPackage("dev.dropuser.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx.redis..", "io.vertx.mutiny.redis..", "io.quarkus.redis..", "dev.dropuser.registry..")
                .check(PRODUCTION);
    }

    @Test
    void theRegistry_takesSettingsAndNeverReachesTheHttpEdgeOrTheAppConfig() {
        noClasses().that().resideInAPackage("dev.dropuser.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dropuser.api..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.dropuser.DropuserConfig")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.dropuser.Wiring")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.eclipse.microprofile.config.inject.ConfigProperty")
                .check(PRODUCTION);
    }

    @Test
    void wireShapes_knowNoStorage() {
        noClasses().that().resideInAPackage("dev.dropuser.signaling..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.dropuser.registry..", "io.vertx.redis..", "io.vertx.mutiny.redis..", "io.quarkus.redis..")
                .check(PRODUCTION);
    }
}
