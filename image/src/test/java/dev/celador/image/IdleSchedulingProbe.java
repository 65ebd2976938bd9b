package dev.celador.image;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@code ImageIT} with the image's own Java, inside the image, as its user, with the image's
 * jar on the class path: moves one thread to SCHED_IDLE the way the webhook's TLS handshake lane
 * does ({@code dev.celador.webhook.IdleScheduling}, package-private, hence reflection) and prints
 * the kernel's scheduling policy of that thread before and after, and of the main thread, which
 * must stay as it was.
 */
public final class IdleSchedulingProbe {

  private IdleSchedulingProbe() {}

  public static void main(String[] args) throws Exception {
    Method enter = Class.forName("dev.celador.webhook.IdleScheduling").getDeclaredMethod("enter");
    enter.setAccessible(true);
    StringBuilder out = new StringBuilder();
    Thread lane =
        new Thread(
            () -> {
              out.append("lane before ").append(policy()).append('\n');
              try {
                out.append("entered ").append(enter.invoke(null)).append('\n');
              } catch (ReflectiveOperationException e) {
                out.append("failed ").append(e).append('\n');
              }
              out.append("lane after ").append(policy()).append('\n');
            });
    lane.start();
    lane.join();
    out.append("main ").append(policy());
    System.out.println(out);
  }

  /** Field 41 of /proc/thread-self/stat, counted after the command name's closing parenthesis. */
  private static String policy() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3];
    } catch (IOException e) {
      return "unreadable: " + e;
    }
  }
}
