import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Prints "allocatedBytes cpuNanos" of a running JVM (its pid the only argument): the bytes all its
 * threads have allocated so far and its process CPU time, through the local management agent. Run
 * as a single-file program: {@code java JvmCounters.java PID}. Used by webhook-cost.sh.
 */
public class JvmCounters {
  public static void main(String[] args) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    String address = vm.startLocalManagementAgent();
    vm.detach();
    try (var connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      Object allocated =
          server.getAttribute(
              new ObjectName("java.lang:type=Threading"), "TotalThreadAllocatedBytes");
      Object cpu =
          server.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
      System.out.println(allocated + " " + cpu);
    }
  }
}
