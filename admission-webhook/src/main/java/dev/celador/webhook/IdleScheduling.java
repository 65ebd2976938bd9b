package dev.celador.webhook;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread in Linux's SCHED_IDLE class, where it runs only on CPU that no normal
 * thread wants. A nice-19 thread is not enough for the handshake lane: under the kernel's EEVDF
 * scheduler it keeps the core for the rest of its slice (about 1.5 ms on 2 cores) when a request
 * thread wakes, and a burst of handshakes then adds that wait to reviews, once per wake-up. A
 * normal thread that wakes preempts a SCHED_IDLE one at once. SCHED_IDLE is not starvation: such a
 * thread still has a weight (3, against nice 0's 1024 and nice 19's 15), so on a core kept busy by
 * reviews handshakes slow down but never stop.
 *
 * <p>Java has no call for it, so this calls {@code sched_setscheduler(0, SCHED_IDLE, {0})} through
 * the foreign-function API of Java 22 and later (the image runs Java 25). The code targets Java 17,
 * so the API is reached by reflection; on an older JVM, another OS, or where the kernel refuses,
 * the thread keeps what it has (Java's lowest priority, nice 19 with the chart's flags) and one
 * line says so. Lowering one's own thread needs no privilege: the chart's non-root user can. The
 * call is restricted; the jar's manifest grants it ({@code Enable-Native-Access}), as does {@code
 * --enable-native-access=ALL-UNNAMED}, else Java prints a warning once and makes the call anyway.
 */
final class IdleScheduling {

  private static final Logger log = LoggerFactory.getLogger(IdleScheduling.class);

  /** {@code SCHED_IDLE} in Linux's {@code <sched.h>}. */
  private static final int SCHED_IDLE = 5;

  private static final Call CALL = Call.link();

  private static final AtomicBoolean REFUSAL_LOGGED = new AtomicBoolean();

  private IdleScheduling() {}

  /** Whether this JVM can ask for SCHED_IDLE at all. */
  static boolean available() {
    return CALL != null;
  }

  /**
   * Moves the calling thread to SCHED_IDLE; true if the kernel accepted. Logs the first refusal
   * only: every lane thread would meet the same one.
   */
  static boolean enter() {
    if (CALL == null) {
      return false;
    }
    int rc;
    try {
      rc = (int) CALL.setScheduler().invokeWithArguments(0, SCHED_IDLE, CALL.param());
    } catch (Throwable e) {
      rc = -1;
    }
    if (rc != 0 && REFUSAL_LOGGED.compareAndSet(false, true)) {
      log.warn(
          "the kernel refused SCHED_IDLE for the TLS handshake lane; its threads keep the"
              + " lowest Java priority (nice 19 with -XX:ThreadPriorityPolicy=1)");
    }
    return rc == 0;
  }

  /** The linked {@code sched_setscheduler} and a zeroed {@code struct sched_param} for it. */
  private record Call(MethodHandle setScheduler, Object param) {

    static Call link() {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
        return null;
      }
      try {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
        Class<?> arenaType = Class.forName("java.lang.foreign.Arena");

        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
        Optional<?> symbol =
            (Optional<?>)
                lookupType.getMethod("find", String.class).invoke(libc, "sched_setscheduler");
        if (symbol.isEmpty()) {
          return null;
        }
        Object javaInt = valueLayout.getField("JAVA_INT").get(null);
        Object address = valueLayout.getField("ADDRESS").get(null);
        Object arguments = Array.newInstance(layoutType, 3);
        Array.set(arguments, 0, javaInt); // pid_t pid: 0, the calling thread
        Array.set(arguments, 1, javaInt); // int policy
        Array.set(arguments, 2, address); // const struct sched_param *param
        Object descriptor =
            descriptorType
                .getMethod("of", layoutType, arguments.getClass())
                .invoke(null, javaInt, arguments);
        MethodHandle handle =
            (MethodHandle)
                linkerType
                    .getMethod(
                        "downcallHandle", segmentType, descriptorType, optionType.arrayType())
                    .invoke(linker, symbol.get(), descriptor, Array.newInstance(optionType, 0));
        // struct sched_param is one int, sched_priority, which must be 0 for SCHED_IDLE. The
        // global arena's memory is zeroed, lives as long as the JVM and is readable from any
        // thread, so one segment serves every call.
        Object global = arenaType.getMethod("global").invoke(null);
        Object param =
            Class.forName("java.lang.foreign.SegmentAllocator")
                .getMethod("allocate", long.class)
                .invoke(global, 4L);
        return new Call(handle, param);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        // Before Java 22 (no java.lang.foreign) or where linking fails: nice alone.
        return null;
      }
    }
  }
}
