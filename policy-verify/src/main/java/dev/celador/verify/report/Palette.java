package dev.celador.verify.report;

/**
 * The ANSI colours of reports for people, or none: the command line decides whether its stdout is a
 * terminal that wants them ({@code --color}, {@code NO_COLOR}); reports only ask for a colour.
 */
public record Palette(boolean enabled) {

  public static final Palette NONE = new Palette(false);

  public String red(String text) {
    return paint("31", text);
  }

  public String green(String text) {
    return paint("32", text);
  }

  public String yellow(String text) {
    return paint("33", text);
  }

  private String paint(String code, String text) {
    return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
