// One tap link between this test process and Linux's own stack, in the layout that works:
//
//   this process (root namespace)                    namespace NS (NetworkNamespaceScope)
//   TapFrameDevice: fd on /dev/net/tun  <== tap ==>  interface NAME, 192.168.77.1/24, up
//   "the stack": StackMac, 192.168.77.2              Linux's ARP, ICMP, UDP, TCP
//
// TapFrameDevice.Open creates the (non-persistent) tap in the root namespace; `ip link set NAME
// netns NS` then moves Linux's side into NS, and the fd keeps working. Closing the fd (Dispose)
// destroys the interface; deleting NS cleans up whatever is left, also after a failed test.
// IPv6 is switched off on the interface (where the kernel has it) so Linux's own router and
// multicast-listener chatter stays off the wire; tests still filter what they take.
using System;
using System.Diagnostics;
using System.Threading;
using OSv.Net.Link;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Interop
{
    internal sealed class TapLink : IDisposable
    {
        public static readonly Ipv4Address LinuxIp = new Ipv4Address(192, 168, 77, 1);
        public static readonly Ipv4Address StackIp = new Ipv4Address(192, 168, 77, 2);
        public static readonly MacAddress StackMac = new MacAddress(0x02, 0x00, 0x5e, 0x77, 0x00, 0x02); // locally administered

        public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
        private static int s_opened;

        public TapLink(bool linuxKnowsStackMac)
        {
            InterfaceName = UniqueInterfaceName();
            Device = OpenDevice(InterfaceName);
            try
            {
                Namespace = new NetworkNamespaceScope();
                NetworkNamespaceScope.Host("ip", "link", "set", InterfaceName, "netns", Namespace.Name);
                Namespace.Exec("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/" + InterfaceName + "/disable_ipv6 2>/dev/null || true");
                Namespace.Exec("ip", "addr", "add", LinuxIp + "/24", "dev", InterfaceName);
                Namespace.Exec("ip", "link", "set", InterfaceName, "up");
                if (linuxKnowsStackMac)
                    Namespace.Exec("ip", "neigh", "replace", StackIp.ToString(), "lladdr", StackMac.ToString(), "dev", InterfaceName, "nud", "permanent");
                LinuxMac = ParseMac(Namespace.Exec("cat", "/sys/class/net/" + InterfaceName + "/address"));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string InterfaceName { get; }
        public TapFrameDevice Device { get; }
        public NetworkNamespaceScope Namespace { get; } = null!;
        public MacAddress LinuxMac { get; }

        // A name no other test (or test process) uses: "ot<pid>x<n>", at most 15 characters.
        public static string UniqueInterfaceName() =>
            "ot" + Environment.ProcessId + "x" + Interlocked.Increment(ref s_opened);

        // Opens a tap in the root namespace, failing the test with Open's reason when it cannot.
        public static TapFrameDevice OpenDevice(string name)
        {
            TapFrameDevice? device = TapFrameDevice.Open(name, StackMac, out string? error);
            if (device == null)
                Assert.Fail("Interop tests need a tap device (root, /dev/net/tun): " + error);
            return device!;
        }

        // The first frame matching within ReplyTimeout, copied out (its lease and every other
        // frame's are returned); null when none came.
        public byte[]? Await(Func<byte[], bool> match)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < ReplyTimeout)
            {
                while (Device.TryTake(out FrameLease lease))
                {
                    byte[] bytes = Device.Bytes(lease).ToArray();
                    Device.Return(lease);
                    if (match(bytes))
                        return bytes;
                }
                long remainingNs = (ReplyTimeout - clock.Elapsed).Ticks * 100;
                Device.WaitForFrames(Math.Max(remainingNs, 0));
            }
            return null;
        }

        public void Dispose()
        {
            Device.Dispose();
            Namespace?.Dispose();
        }

        private static MacAddress ParseMac(string text)
        {
            string[] parts = text.Trim().Split(':');
            Assert.Equal(MacAddress.Bytes, parts.Length);
            var bytes = new byte[MacAddress.Bytes];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = Convert.ToByte(parts[i], 16);
            return MacAddress.Read(bytes);
        }
    }
}
