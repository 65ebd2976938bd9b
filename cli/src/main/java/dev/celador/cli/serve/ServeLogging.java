package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import dev.celador.logging.LogLevels;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Sets up serve's operational log, once, before anything logs: {@code celador.log.level}, gRPC's
 * java.util.logging lines into the same JSON log, and Spring Boot (the admission webhook in this
 * JVM) kept from configuring logging a second time, which would reset the levels and the format.
 */
final class ServeLogging {

  private ServeLogging() {}

  static void configure(Settings settings) {
    try {
      LogLevels.apply(settings.string(LogLevels.SETTING));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
