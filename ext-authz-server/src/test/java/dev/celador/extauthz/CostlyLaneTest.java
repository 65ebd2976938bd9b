package dev.celador.extauthz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CostlyLaneTest {

  @Test
  void submit_waitedPastTheBound_refusedOnTheLaneInsteadOfRun() throws Exception {
    try (CostlyLane lane = new CostlyLane(1, 1.0, 8, Duration.ofMillis(20))) {
      CountDownLatch release = new CountDownLatch(1);
      lane.submit(() -> await(release), () -> {});
      CompletableFuture<String> late = new CompletableFuture<>();
      lane.submit(() -> late.complete("ran"), () -> late.complete("refused"));
      Thread.sleep(60); // the second decision now waits longer than 20 ms
      release.countDown();

      assertThat(late.get(10, TimeUnit.SECONDS)).isEqualTo("refused");
    }
  }

  // A full queue refuses on the calling thread: AuthorizerTest.authorize_laneFull_...

  @Test
  void submit_halfShare_restsAsLongAsItComputed() throws Exception {
    try (CostlyLane lane = new CostlyLane(1, 0.5, 8, Duration.ofSeconds(30))) {
      CompletableFuture<Long> firstEnded = new CompletableFuture<>();
      CompletableFuture<Long> secondStarted = new CompletableFuture<>();
      lane.submit(
          () -> {
            burnCpu(Duration.ofMillis(40));
            firstEnded.complete(System.nanoTime());
          },
          () -> {});
      lane.submit(() -> secondStarted.complete(System.nanoTime()), () -> {});

      long gap = secondStarted.get(10, TimeUnit.SECONDS) - firstEnded.get(10, TimeUnit.SECONDS);
      // 40 ms of CPU at a share of one half owe 40 ms of rest (at least; never less).
      assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(35));
    }
  }

  @Test
  void withCpuShare_outsideZeroToOne_refused() {
    assertThatThrownBy(() -> CostlyLane.withCpuShare(0, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CostlyLane.withCpuShare(1.5, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void burnCpu(Duration cpu) {
    var threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + cpu.toNanos();
    long sink = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      sink += System.nanoTime() % 7;
    }
    if (sink == 42) {
      System.out.print("");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
