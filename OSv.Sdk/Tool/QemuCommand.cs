// The QEMU command line for one boot of an image. microvm boots a PVH ELF in tens of
// milliseconds; isa-debug-exit carries the application's exit code out (QemuExitStatus.cs);
// -no-reboot turns a triple fault into an exit instead of a boot loop. Pure: a list of strings,
// so it is tested without starting anything.
using System.Collections.Generic;

namespace OSv.Tool
{
    internal sealed record QemuOptions(
        string ImagePath,
        AcceleratorChoice Accelerator,
        string Memory,
        int CpuCount,
        int? GdbPort,
        string KernelCommandLine,
        NetworkSettings? Network = null,
        VirtioTransportKind Transport = VirtioTransportKind.Mmio,
        bool EntropyDevice = false,
        MachineKind Machine = MachineKind.Microvm);

    // microvm boots a PVH kernel in milliseconds; q35 goes through SeaBIOS (firmware-placed PCI
    // BARs, an MCFG table, the legacy PICs), so images are also checked on a conventional PC.
    internal enum MachineKind
    {
        Microvm,
        Q35,
    }

    // How virtio devices reach the guest: virtio-mmio slots on plain microvm, or a PCIe host
    // bridge (microvm,pcie=on) with virtio-pci functions.
    internal enum VirtioTransportKind
    {
        Mmio,
        Pci,
    }

    // One virtio-net NIC, on one of three backends:
    // - QEMU's user-mode network (slirp: a gateway at 10.0.2.2 that answers ARP and DHCP, no
    //   privileges needed), with TCP or UDP ports forwarded from the host's 127.0.0.1;
    // - a UDP link, carrying raw Ethernet frames as UDP datagrams between QEMU (listening on
    //   127.0.0.1:LocalPort) and a host process (at 127.0.0.1:RemotePort);
    // - an existing tap device (TapName), so a real Linux stack is the peer. QEMU opens it in
    //   its own network namespace: to keep the peer in a namespace, start QEMU with
    //   `ip netns exec NAME` (tests/OSv.Image.Tests/Net/NetworkNamespace.cs does).
    // Mac, when set, replaces QEMU's default 52:54:00:12:34:56 on whichever backend.
    internal sealed record NetworkSettings(IReadOnlyList<PortForward> Forwards, UdpLink? Udp = null, string? TapName = null, string? Mac = null);

    internal readonly record struct UdpLink(int LocalPort, int RemotePort);

    internal enum ForwardProtocol
    {
        Tcp,
        Udp,
    }

    internal readonly record struct PortForward(int HostPort, int GuestPort, ForwardProtocol Protocol = ForwardProtocol.Tcp)
    {
        public string ToHostForward() =>
            "hostfwd=" + (Protocol == ForwardProtocol.Udp ? "udp" : "tcp") + ":127.0.0.1:" + HostPort + "-:" + GuestPort;
    }

    internal static class QemuCommand
    {
        public const string DefaultExecutable = "qemu-system-x86_64";
        public const string DefaultMemory = "128M";
        public const int DefaultCpuCount = 1;
        public const int DefaultGdbPort = 1234;

        // Matches Machine.Metal.cs: the exit device at port 0xf4, four bytes wide.
        public const string DebugExitDevice = "isa-debug-exit,iobase=0xf4,iosize=0x04";

        public static List<string> BuildArguments(QemuOptions options)
        {
            NetworkSettings? network = options.Network;
            bool q35 = options.Machine == MachineKind.Q35;
            VirtioTransportKind transport = q35 ? VirtioTransportKind.Pci : options.Transport; // q35 has no virtio-mmio
            List<string> arguments = new List<string>
            {
                "-M", q35 ? "q35" : transport == VirtioTransportKind.Pci ? "microvm,pcie=on" : "microvm",
                "-accel", options.Accelerator.QemuAccel,
                "-cpu", options.Accelerator.QemuCpu,
                "-m", options.Memory,
                "-smp", options.CpuCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-nographic",
                "-monitor", "none",
                "-no-reboot",
                "-device", DebugExitDevice,
                "-kernel", options.ImagePath,
                "-append", options.KernelCommandLine,
            };
            AddNetwork(arguments, network, transport);
            if (options.EntropyDevice)
                AddEntropyDevice(arguments, transport);
            if (options.GdbPort is int port)
                arguments.AddRange(new[] { "-gdb", "tcp::" + port, "-S" });
            return arguments;
        }

        // Modern virtio only (the drivers speak virtio 1.x): QEMU 7.2 makes virtio-mmio legacy
        // unless told otherwise, and virtio-pci transitional; romfile= skips the PXE option ROM.
        private static void AddNetwork(List<string> arguments, NetworkSettings? network, VirtioTransportKind transport)
        {
            if (network is null)
            {
                arguments.AddRange(new[] { "-net", "none" });
                return;
            }
            string netdev = Netdev(network);
            string mac = network.Mac is string address ? ",mac=" + address : "";
            arguments.AddRange(new[] { "-netdev", netdev });
            if (transport == VirtioTransportKind.Pci)
            {
                arguments.AddRange(new[] { "-device", "virtio-net-pci,netdev=net0,disable-legacy=on,romfile=" + mac });
                return;
            }
            AddModernMmio(arguments);
            arguments.AddRange(new[] { "-device", "virtio-net-device,netdev=net0" + mac });
        }

        // vhost=off: the in-kernel vhost-net path would bypass QEMU's virtio-net and needs
        // /dev/vhost-net; script=no/downscript=no: the tap is configured by whoever created it.
        private static string Netdev(NetworkSettings network)
        {
            if (network.Udp is UdpLink udp)
                return "socket,id=net0,udp=127.0.0.1:" + udp.RemotePort + ",localaddr=127.0.0.1:" + udp.LocalPort;
            if (network.TapName is string tap)
                return "tap,id=net0,ifname=" + tap + ",script=no,downscript=no,vhost=off";
            string netdev = "user,id=net0";
            foreach (PortForward forward in network.Forwards)
                netdev += "," + forward.ToHostForward();
            return netdev;
        }

        // A virtio-rng device fed from the host's /dev/urandom.
        private static void AddEntropyDevice(List<string> arguments, VirtioTransportKind transport)
        {
            arguments.AddRange(new[] { "-object", "rng-random,id=rng0,filename=/dev/urandom" });
            if (transport == VirtioTransportKind.Pci)
            {
                arguments.AddRange(new[] { "-device", "virtio-rng-pci,rng=rng0,disable-legacy=on" });
                return;
            }
            AddModernMmio(arguments);
            arguments.AddRange(new[] { "-device", "virtio-rng-device,rng=rng0" });
        }

        private static void AddModernMmio(List<string> arguments)
        {
            const string modern = "virtio-mmio.force-legacy=false";
            if (!arguments.Contains(modern))
                arguments.AddRange(new[] { "-global", modern });
        }

        // How to attach, printed when the guest waits for gdb (-S).
        public static string GdbHint(string imagePath, int port) =>
            "gdb is awaited on port " + port + ": gdb \"" + imagePath + "\" -ex \"target remote :" + port + "\"";

        // The command as a shell line, for --verbose: copy-pasteable.
        public static string Render(string executable, IReadOnlyList<string> arguments)
        {
            List<string> words = new List<string> { ShellQuote(executable) };
            foreach (string argument in arguments)
                words.Add(ShellQuote(argument));
            return string.Join(" ", words);
        }

        public static string ShellQuote(string word)
        {
            if (word.Length > 0 && IsShellSafe(word))
                return word;
            return "'" + word.Replace("'", "'\\''") + "'";
        }

        private static bool IsShellSafe(string word)
        {
            foreach (char c in word)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".IndexOf(c) >= 0))
                    return false;
            }
            return true;
        }
    }
}
