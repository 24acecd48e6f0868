// The image's memcached: the Session engine (Server/) served over OSv.Net on the first virtio-net
// device.
//
// Start-up, in order: memcached's flags from the kernel command line (kernel options and the
// application's arguments, e.g. `--kernel-args "-m 64 -t 2"`; the kernel's own options such as
// ip= share the line and are skipped), a bad value printing "memcached: <error>" and exiting 64;
// the network (ip=/dhcp; TCP connection blocks for -c plus headroom, Nagle off as memcached sets
// TCP_NODELAY); the store; the TCP listener on -p and the UDP thread on -U; -t worker threads
// (TcpWorker.Metal.cs), one per CPU in turn, except that a lone worker (-t 1) serves on the net
// thread; then "memcached: ready", and this thread becomes
// the acceptor.
//
// Accepting: one thread accepts every connection and hands it to the workers round-robin; a
// worker with all its slots taken passes it to the next. -c slots in all, split evenly between
// the workers. Beyond -c, memcached's answer: "ERROR Too many open connections", the connection
// is closed and rejected_connections counted.
//
// RAM: the store takes -m megabytes of item pages as it fills (ImageLimits); each connection
// slot takes its session's buffers (20 KB) and its TCP rings (64 KB) when first used. The line
// printed before the store is built says what the guest needs (-m 64: about 80 MB); `osv run
// --mem` must give that. The image panics with "out of memory" when it does not, possibly only
// once the cache fills: OSv.Core has no API yet to ask how much RAM the guest has, so it cannot
// refuse at boot.
using System;
using Memcached.Hosting;
using Memcached.Server;
using OSv.Core;
using OSv.Drivers.Virtio;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Ip;
using OSv.Net.Sockets;
using OSv.Net.Tcp;
using Interlocked = System.Threading.Interlocked;
using Thread = OSv.Core.Sched.Thread;

internal static partial class MemcachedHost
{
    private static ReadOnlySpan<byte> TooManyConnectionsLine => "ERROR Too many open connections\r\n"u8;

    public static int Run(string[] args)
    {
        var settings = new ServerSettings();
        if (!ServerSettings.TryParse(CommandWords(args), settings, out string? error))
            return Fail(error, ImageLimits.ExitUsage);
        Network? network = StartNetwork(TcpSettingsFor(settings), out BatchedFrameDevice? device, out error);
        if (network == null || device == null)
            return Fail(error, ImageLimits.ExitUnavailable);
        if (!network.WaitForConfiguration(ImageLimits.ConfigurationTimeoutNs))
            return Fail("no address after 20 s (DHCP unanswered? give ip=A.B.C.D/NN)", ImageLimits.ExitUnavailable);
        Console.WriteLine("memcached: building the store: -m " + settings.MemoryMegabytes + " MB of items, the guest needs about "
            + RamNeededMegabytes(settings) + " MB of RAM (osv run --mem)");
        var cache = new Cache(settings, new GuestClock());
        TcpListener? listener = null;
        if (settings.Port != 0)
        {
            listener = TcpListener.Listen(network, (ushort)settings.Port, ImageLimits.ListenBacklog, out NetError listenError);
            if (listener == null)
                return Fail("cannot listen on TCP port " + settings.Port, ImageLimits.ExitOsError);
        }
        bool netThreadServes = WorkerCount(settings) == 1;
        UdpServer? udp = null;
        if (settings.UdpPort != 0)
        {
            udp = UdpServer.Start(network, cache, (ushort)settings.UdpPort, netThreadServes);
            if (udp == null)
                return Fail("cannot bind UDP port " + settings.UdpPort, ImageLimits.ExitOsError);
        }
        TcpWorker[] workers = StartWorkers(network, cache, settings);
        if (netThreadServes)
            network.RunOnNetThread(new NetThreadServer(device, workers[0], udp)); // no wake-up per request
        PrintReady(network, settings);
        if (listener == null)
            ParkForever(); // UDP only: the UDP thread (or the net thread) serves
        else
            AcceptForever(listener, workers, cache);
        return 0;
    }

    // VirtioNetwork.Start's work, with the device wrapped so that the net thread's replies share
    // notifications (BatchedFrameDevice.Metal.cs).
    private static Network? StartNetwork(TcpSettings tcpSettings, out BatchedFrameDevice? device, out string? error)
    {
        device = null;
        error = null;
        VirtioNetDevice? virtio = VirtioDevices.Network;
        if (virtio == null)
        {
            error = "no virtio-net device (osv run --net user)";
            return null;
        }
        NetConfiguration? configuration = NetConfiguration.TryParse(Machine.KernelOptions, out error);
        if (configuration == null)
            return null;
        device = new BatchedFrameDevice(virtio);
        return Network.Start(device, configuration, tcpSettings, NetworkSecret());
    }

    // The stack's secret (sequence numbers, ports, flow hash): from virtio-rng when the machine
    // has one, else from the clock (guessable), as VirtioNetwork does.
    private static uint NetworkSecret()
    {
        byte[] bytes = new byte[4];
        if (VirtioDevices.Entropy is OSv.Drivers.Virtio.Rng.VirtioRngDevice rng && rng.Read(bytes) == bytes.Length)
            return (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24);
        Console.WriteLine("net: no virtio-rng device: sequence numbers are keyed from the clock (osv run --rng)");
        ulong now = (ulong)OSv.Core.Time.Clock.NowNanoseconds * 0x9E3779B97F4A7C15UL;
        return (uint)(now >> 32) ^ (uint)now;
    }

    // Kernel options first, then the application's arguments (after the command line's "--").
    private static string[] CommandWords(string[] args)
    {
        string[] options = Machine.KernelOptions;
        string[] words = new string[options.Length + args.Length];
        for (int i = 0; i < options.Length; i++)
            words[i] = options[i];
        for (int i = 0; i < args.Length; i++)
            words[options.Length + i] = args[i];
        return words;
    }

    private static TcpSettings TcpSettingsFor(ServerSettings settings)
    {
        int headroom = settings.ConnectionsMax / 4;
        if (headroom < ImageLimits.TcpBlocksHeadroomMin)
            headroom = ImageLimits.TcpBlocksHeadroomMin;
        return new TcpSettings
        {
            ConnectionsMax = settings.ConnectionsMax + headroom,
            ReceiveBufferBytes = ImageLimits.TcpReceiveBufferBytes,
            SendBufferBytes = ImageLimits.TcpSendBufferBytes,
            Nagle = false,
        };
    }

    // Item pages (-m), and the kernel, stacks, net stack and a few connections (ImageLimits says
    // what each costs and how it was measured).
    private static long RamNeededMegabytes(ServerSettings settings) =>
        (long)settings.MemoryMegabytes * ImageLimits.RamPerItemMegabyteMegabytes + ImageLimits.BaseRamMegabytes;

    private static int WorkerCount(ServerSettings settings) =>
        settings.Threads < settings.ConnectionsMax ? settings.Threads : settings.ConnectionsMax;

    private static TcpWorker[] StartWorkers(Network network, Cache cache, ServerSettings settings)
    {
        int count = WorkerCount(settings);
        var workers = new TcpWorker[count];
        int processors = Machine.ProcessorCount;
        for (int i = 0; i < count; i++)
        {
            int slots = settings.ConnectionsMax / count + (i < settings.ConnectionsMax % count ? 1 : 0);
            workers[i] = new TcpWorker(network, cache, slots);
            if (count == 1)
                workers[i].ServeOnNetThread(); // NetThreadServer calls it
            else
                Thread.StartOn(i % processors, workers[i].Run, "memcached-worker");
        }
        return workers;
    }

    private static void PrintReady(Network network, ServerSettings settings)
    {
        Console.WriteLine("memcached: listening on " + network.Address.ToString() + " tcp " + settings.Port + " udp " + settings.UdpPort
            + ", -m " + settings.MemoryMegabytes + " -c " + settings.ConnectionsMax + " -t " + settings.Threads
            + " -I " + settings.ItemSizeMax + ", " + Machine.ProcessorCount + " CPUs, heap "
            + GC.GetTotalMemory(false) / (1024 * 1024) + " MB in use");
        Console.WriteLine("memcached: ready");
    }

    private static void AcceptForever(TcpListener listener, TcpWorker[] workers, Cache cache)
    {
        int next = 0;
        while (true)
        {
            TcpConnection? connection = listener.Accept(TcpConnection.Infinite);
            if (connection == null)
                continue;
            bool adopted = false;
            for (int tried = 0; tried < workers.Length && !adopted; tried++)
            {
                adopted = workers[next].TryAdopt(connection);
                next = next + 1 == workers.Length ? 0 : next + 1;
            }
            if (!adopted)
                Refuse(connection, cache);
        }
    }

    // memcached's answer at -c (memcached.c, conn_new's "Too many open connections").
    private static void Refuse(TcpConnection connection, Cache cache)
    {
        connection.Send(TooManyConnectionsLine, 0);
        connection.Dispose();
        Interlocked.Increment(ref cache.Counters.RejectedConnections);
    }

    private static void ParkForever()
    {
        while (true)
            Thread.Park();
    }

    private static int Fail(string? error, int exitCode)
    {
        Console.WriteLine("memcached: " + error);
        return exitCode;
    }
}
