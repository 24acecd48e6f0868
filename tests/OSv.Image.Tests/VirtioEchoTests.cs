// Raw Ethernet frames between the guest's virtio-net driver and a host process: QEMU carries
// each frame as a UDP datagram (osv run --net udp:LOCAL:REMOTE), and this test echoes every
// datagram back. The guest sends thousands of frames of every size from 60 to 1514 bytes, at
// most 16 in flight, half of them by scatter-gather from DMA memory, and checks each echo for
// content and order (EchoChecks.Metal.cs).
using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class VirtioEchoTests
    {
        private const int Frames = 5000;
        private const int AllChecksPassedExitCode = 42;

        private static readonly Lazy<(CommandResult Result, int Echoed)> Echo = new(RunEcho);

        [Fact]
        public void EveryFrameComesBackIntactAndInOrder()
        {
            CommandResult result = Echo.Value.Result;
            foreach (string check in new[] { "echo.device.started", "echo.every.frame.back", "echo.no.corrupt.frame", "echo.in.order", "echo.half.sent.by.scatter.gather" })
                Assert.True(result.Lines.Contains("PASS " + check), "no 'PASS " + check + "':\n" + result.Describe());
            Assert.True(result.ExitCode == AllChecksPassedExitCode, result.Describe());
        }

        [Fact]
        public void HostSawEveryFrame()
        {
            Assert.True(Echo.Value.Echoed >= Frames, "the host echoed " + Echo.Value.Echoed + " frames:\n" + Echo.Value.Result.Describe());
        }

        private static (CommandResult, int) RunEcho()
        {
            using var host = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            int remotePort = ((IPEndPoint)host.Client.LocalEndPoint!).Port;
            int localPort = Net.FreePorts.Udp();
            var guest = new IPEndPoint(IPAddress.Loopback, localPort);
            using var stop = new CancellationTokenSource();
            int echoed = 0;
            Task echo = Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        UdpReceiveResult datagram = await host.ReceiveAsync(stop.Token);
                        await host.SendAsync(datagram.Buffer, guest, stop.Token);
                        Interlocked.Increment(ref echoed);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
            CommandResult result = Repository.Osv("run", Images.VirtioNet, "--net", "udp:" + localPort + ":" + remotePort, "--timeout", "120", "--", "echo", Frames.ToString());
            stop.Cancel();
            echo.Wait(TimeSpan.FromSeconds(5));
            return (result, Volatile.Read(ref echoed));
        }

    }
}
