package dev.celador.engine.cel;

/**
 * Bounds on what one expression may cost. cel-java has no runtime cost budget (cel-java issue
 * #390), so Celador bounds expressions when they load and meters the ones that could loop or grow
 * values while they run.
 */
public final class CelLimits {

  /** Longest expression accepted, in code points. */
  public static final int MAX_EXPRESSION_LENGTH = 16_384;

  /** Deepest expression tree accepted. */
  public static final int MAX_AST_DEPTH = 64;

  /** Parser recursion bound (nested parentheses, calls). */
  public static final int MAX_PARSE_RECURSION = 64;

  /** Comprehension iterations per evaluation, nested loops counted together. */
  public static final int MAX_ITERATIONS = 10_000;

  /** Expression nodes a metered evaluation may visit before it is stopped. */
  public static final int MAX_EVALUATED_NODES = 100_000;

  /** Largest string a metered evaluation may produce, in characters. */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  /** Largest list or map a metered evaluation may produce. */
  public static final int MAX_COLLECTION_SIZE = 100_000;

  /** Largest compiled RE2 program of a regular expression. */
  public static final int MAX_REGEX_PROGRAM_SIZE = 5_000;

  private CelLimits() {}
}
