package dev.celador.engine.internal.cel;

/**
 * Bounds on what one expression may cost. cel-java has no runtime cost budget (cel-java issue
 * #390), so Celador bounds expressions when they load and meters the ones that could loop or grow
 * values while they run, in cel-go's cost units ({@link BudgetMeter}), charging calls whose work
 * grows with their arguments before they run ({@link MeteredCalls}).
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

  /**
   * Cost units one HTTP-authorization expression may spend (an AccessPolicy rule, a rate-limit key
   * or condition, a header value): a tenth of kube-apiserver's per-expression limit, so that the
   * worst evaluation takes milliseconds, not the 200 ms Envoy waits for a decision.
   */
  public static final long HTTP_COST_LIMIT = 100_000;

  /** Characters the growing calls of one HTTP expression may build in total (2 MiB). */
  public static final long MAX_HTTP_CHARACTERS = 1 << 20;

  /**
   * List elements the growing calls of one HTTP expression may build in total, nested ones counted:
   * cel-java converts each again on every call that returns the list (about 0.2 µs), so this bounds
   * a list grown by a loop to about 15 ms of CPU.
   */
  public static final long MAX_HTTP_ELEMENTS = 1 << 16;

  /**
   * Characters, and separately list elements, the growing calls of one admission expression may
   * build in total: more than a 3 MiB object copied once, far less than the heap.
   */
  public static final long MAX_ADMISSION_BUILT = 4L << 20;

  /** Largest compiled RE2 program of a regular expression. */
  public static final int MAX_REGEX_PROGRAM_SIZE = 5_000;

  private CelLimits() {}
}
