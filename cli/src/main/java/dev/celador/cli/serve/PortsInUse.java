package dev.celador.cli.serve;

import dev.celador.cli.UserException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a failed bind into a user error that names the address and the setting that chose it,
 * instead of an internal error about a BindException. The servers bind several ports at once and
 * their exceptions do not always say which failed, so after a failure each candidate is tried: the
 * one that cannot be bound is named.
 */
final class PortsInUse {

  /** A port serve listens on and the setting that sets it. */
  record Listener(String setting, String host, int port) {

    static Listener of(Settings settings, String hostSetting, String portSetting) {
      return new Listener(portSetting, settings.string(hostSetting), settings.integer(portSetting));
    }

    String address() {
      return (host.isEmpty() ? "0.0.0.0" : host) + ":" + port;
    }
  }

  private PortsInUse() {}

  /** Something that binds ports, and may fail to. */
  interface Binding<T> {
    T bind() throws IOException, InterruptedException;
  }

  /** {@code binding}'s result; a port in use is a user error naming it and its setting. */
  static <T> T bound(Binding<T> binding, List<Listener> listeners)
      throws IOException, InterruptedException {
    try {
      return binding.bind();
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserException || !PortsInUse.isBindFailure(e)) {
        throw e;
      }
      throw error(listeners);
    }
  }

  /** Whether {@code e}, or a cause of it, is a failure to bind an address. */
  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof BindException || message.contains("address already in use")) {
        return true;
      }
    }
    return false;
  }

  /** The user error for a bind failure while opening {@code listeners}. */
  private static UserException error(List<Listener> listeners) {
    List<Listener> fixed = listeners.stream().filter(l -> l.port() > 0).toList();
    List<Listener> busy = fixed.stream().filter(PortsInUse::unbindable).toList();
    List<Listener> named = busy.isEmpty() ? fixed : busy;
    String which =
        named.stream()
            .map(l -> l.address() + " (" + l.setting() + ")")
            .collect(Collectors.joining(", "));
    return new UserException(
        "cannot listen on "
            + (busy.isEmpty() && named.size() > 1 ? "one of " : "")
            + which
            + ": address in use or not available; stop what listens there or choose another"
            + " port");
  }

  private static boolean unbindable(Listener listener) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(
          listener.host().isEmpty()
              ? new InetSocketAddress(listener.port())
              : new InetSocketAddress(listener.host(), listener.port()));
      return false;
    } catch (IOException | SecurityException e) {
      return true;
    }
  }
}
