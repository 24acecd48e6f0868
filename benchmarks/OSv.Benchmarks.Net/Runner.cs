// One run: a UDP socket on the host, the guest image booted with --net udp:LOCAL:REMOTE, and the
// host side of the transfer. Guest to host: the host counts frames and times first to last.
// Host to guest: once the guest prints "ready", the host sends its frames as fast as the socket
// takes them; QEMU stops reading the socket while the guest has no receive buffers, so frames
// the host's socket buffer cannot hold are lost, and the guest's count says how many arrived.
using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace OSv.Benchmarks.Net
{
    internal enum Direction
    {
        GuestToHost,
        HostToGuest,
    }

    internal sealed record RunResult(Direction Direction, int FrameBytes, bool EventIndex, bool Succeeded,
        long Frames, double Seconds, long Notifications, long Interrupts, string QemuLine);

    // Frames of the expected size the host received, and the time from the first to the last.
    internal sealed class FrameCounter
    {
        private long _frames, _first, _last;

        public long Frames => Interlocked.Read(ref _frames);

        public double Seconds => Frames < 2 ? 0 : (double)(Interlocked.Read(ref _last) - Interlocked.Read(ref _first)) / Stopwatch.Frequency;

        public void Count(UdpClient host, int size, CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    UdpReceiveResult datagram = host.ReceiveAsync(stop).AsTask().GetAwaiter().GetResult();
                    if (datagram.Buffer.Length != size)
                        continue;
                    long now = Stopwatch.GetTimestamp();
                    if (Interlocked.Increment(ref _frames) == 1)
                        Interlocked.Exchange(ref _first, now);
                    Interlocked.Exchange(ref _last, now);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal static partial class Runner
    {
        private const int RepositorySearchDepthMax = 16;
        private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

        public static string FindRepositoryRoot()
        {
            string? directory = AppContext.BaseDirectory;
            for (int depth = 0; directory != null && depth < RepositorySearchDepthMax; depth++)
            {
                if (File.Exists(Path.Combine(directory, "OSv.sln")))
                    return directory;
                directory = Path.GetDirectoryName(directory);
            }
            throw new InvalidOperationException("run from inside the repository (OSv.sln not found above " + AppContext.BaseDirectory + ")");
        }

        public static string BuildImage(string repository)
        {
            Console.Error.WriteLine("building benchmarks/OSv.Benchmarks.NetGuest");
            (int exit, string output) = RunToEnd(Path.Combine(repository, "osv"), repository, "build", "benchmarks/OSv.Benchmarks.NetGuest");
            if (exit != 0)
                throw new InvalidOperationException("osv build failed:\n" + output);
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines[^1];
        }

        public static RunResult Run(string repository, string image, Direction direction, int frames, int size, bool eventIndex)
        {
            Console.Error.WriteLine($"{direction}, {size} B, event index {(eventIndex ? "on" : "off")}: {frames} frames");
            using var host = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            host.Client.ReceiveBufferSize = 4 << 20;
            int remotePort = ((IPEndPoint)host.Client.LocalEndPoint!).Port;
            int localPort = FreeUdpPort();
            var start = new ProcessStartInfo(Path.Combine(repository, "osv"))
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in new[] { "run", image, "--net", "udp:" + localPort + ":" + remotePort, "--verbose", "--timeout", ((int)RunTimeout.TotalSeconds).ToString() })
                start.ArgumentList.Add(argument);
            if (!eventIndex)
            {
                start.ArgumentList.Add("--kernel-args");
                start.ArgumentList.Add("virtio.event_idx=off");
            }
            start.ArgumentList.Add("--");
            foreach (string argument in new[] { direction == Direction.GuestToHost ? "transmit" : "receive", frames.ToString(), size.ToString() })
                start.ArgumentList.Add(argument);

            using Process guest = Process.Start(start)!;
            string qemuLine = "";
            Task<string> errors = guest.StandardError.ReadToEndAsync();
            var counter = new FrameCounter();
            using var stop = new CancellationTokenSource();
            Task? hostSide = null;
            if (direction == Direction.GuestToHost)
                hostSide = Task.Run(() => counter.Count(host, size, stop.Token));
            string? resultLine = null;
            string? line;
            while ((line = guest.StandardOutput.ReadLine()) != null)
            {
                if (line.TrimEnd() == "ready" && direction == Direction.HostToGuest)
                    hostSide = Task.Run(() => Blast(host, new IPEndPoint(IPAddress.Loopback, localPort), frames, size));
                if (line.StartsWith("result ", StringComparison.Ordinal))
                    resultLine = line.Trim();
            }
            guest.WaitForExit();
            Thread.Sleep(200); // the last datagrams
            stop.Cancel();
            hostSide?.Wait(TimeSpan.FromSeconds(10));
            foreach (string errorLine in errors.Result.Split('\n'))
            {
                if (errorLine.Contains("qemu-system", StringComparison.Ordinal))
                    qemuLine = errorLine.Trim();
            }
            if (resultLine == null)
                return new RunResult(direction, size, eventIndex, false, 0, 0, 0, 0, qemuLine);
            Match fields = ResultPattern().Match(resultLine);
            long guestFrames = long.Parse(fields.Groups["frames"].Value);
            double guestSeconds = long.Parse(fields.Groups["ns"].Value) / 1e9;
            long notifications = long.Parse(fields.Groups["notifications"].Value);
            long interrupts = long.Parse(fields.Groups["interrupts"].Value);
            bool guestToHost = direction == Direction.GuestToHost;
            long counted = guestToHost ? counter.Frames : guestFrames;
            double seconds = guestToHost ? counter.Seconds : guestSeconds;
            return new RunResult(direction, size, eventIndex, counted > 0, counted, seconds, notifications, interrupts, qemuLine);
        }

        private static void Blast(UdpClient host, IPEndPoint guest, int frames, int size)
        {
            byte[] frame = new byte[size];
            frame[0] = 0x52;
            frame[12] = 0x88;
            frame[13] = 0xB5;
            for (int i = 0; i < frames; i++)
                host.Send(frame, frame.Length, guest);
        }

        private static int FreeUdpPort()
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        private static (int, string) RunToEnd(string program, string directory, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            using Process process = Process.Start(start)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + errors.Result);
        }

        [GeneratedRegex(@"frames=(?<frames>\d+) ns=(?<ns>\d+) notifications=(?<notifications>\d+) interrupts=(?<interrupts>\d+)")]
        private static partial Regex ResultPattern();
    }
}
