package dev.celador.cli;

/** Placeholder entry point; replaced by the picocli command. */
public final class CeladorCommand {
  private CeladorCommand() {}

  public static void main(String[] args) {
    System.out.println("celador");
  }
}
