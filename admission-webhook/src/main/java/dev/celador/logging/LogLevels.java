package dev.celador.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code celador.log.level}: the one level setting of serve and the webhook. Celador's own loggers
 * ({@code dev.celador.*}) get the level; every other logger the {@code logback.xml} gives a level
 * (the root, libraries, {@code dev.celador.cluster}) is raised to it when it is below, never
 * lowered, so {@code debug} does not turn on library chatter and {@code error} silences its
 * warnings too. The decision log's logger is not an operational log and keeps its level.
 */
public final class LogLevels {

  /** The setting, in serve's settings and the webhook's properties alike. */
  public static final String SETTING = "celador.log.level";

  public static final String DEFAULT = "info";

  static final List<String> NAMES = List.of("error", "warn", "info", "debug", "trace");

  private static final String CELADOR = "dev.celador";

  /** The webhook's decision lines (stdout) go through this logger. */
  private static final String DECISIONS = "celador.decisions";

  private LogLevels() {}

  /** {@code name} as a level; an IllegalArgumentException naming the setting otherwise. */
  public static Level parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(n)) {
      throw new IllegalArgumentException(
          SETTING + " must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
    }
    return Level.toLevel(n);
  }

  /** Applies {@code name} (see the class comment) to the running Logback. */
  public static void apply(String name) {
    Level level = parse(name);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend (an embedder's): its own configuration rules
    }
    for (Logger logger : context.getLoggerList()) {
      Level configured = logger.getLevel();
      if (configured != null
          && !logger.getName().equals(DECISIONS)
          && !logger.getName().equals(CELADOR)
          && !configured.isGreaterOrEqual(level)) {
        logger.setLevel(level);
      }
    }
    context.getLogger(CELADOR).setLevel(level);
  }
}
