// "transmit N SIZE": sends N frames of SIZE bytes as fast as the transmit queue takes them.
// "receive N SIZE": counts frames of SIZE bytes from the host until N arrived or the host went
// quiet. Either way it prints one "result" line the host side parses: frames, elapsed guest time,
// notifications sent to the device, interrupts taken.
using System;
using OSv.Core;
using OSv.Core.Sched;
using OSv.Core.Time;
using OSv.Drivers.Virtio;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Link;

internal static class NetBenchmark
{
    private const long QuietNanoseconds = 2 * Clock.NanosecondsPerSecond;
    private const int BatchFrames = 32;

    public static int Run(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[1], out int count) || !int.TryParse(args[2], out int size)
            || count < 1 || size < 60 || size > VirtioNetDevice.FrameBytesLimit || (args[0] != "transmit" && args[0] != "receive"))
        {
            Console.WriteLine("usage: transmit|receive FRAMES SIZE (SIZE 60.." + VirtioNetDevice.FrameBytesLimit + ")");
            return 2;
        }
        VirtioNetDevice? device = VirtioDevices.Network;
        if (device == null)
        {
            Console.WriteLine("no virtio-net device: run with --net udp:LOCAL:REMOTE");
            return 3;
        }
        Console.WriteLine("ready");
        long frames = 0;
        long start = Clock.NowNanoseconds, end = start;
        if (args[0] == "transmit")
        {
            byte[] frame = new byte[size];
            frame[0] = 0x02;
            frame[12] = 0x88;
            frame[13] = 0xB5;
            start = Clock.NowNanoseconds;
            // Bursts of BatchFrames share one publication and at most one notification.
            while (frames < count)
            {
                if (device.TrySend(frame, flush: false))
                {
                    frames++;
                    if (frames % BatchFrames == 0)
                        device.Flush();
                    continue;
                }
                device.Flush();
                Thread.Yield();
            }
            device.Flush();
            while (device.TransmitInFlight > 0)
                Thread.Yield();
            end = Clock.NowNanoseconds;
        }
        else
        {
            long lastFrame = 0;
            bool started = false;
            while (frames < count)
            {
                while (device.TryTakeUnclaimed(out FrameLease lease))
                {
                    if (lease.Length == size)
                        frames++;
                    device.Return(lease);
                    lastFrame = Clock.NowNanoseconds;
                    if (!started)
                    {
                        started = true;
                        start = lastFrame;
                    }
                }
                if (started && Clock.NowNanoseconds - lastFrame > QuietNanoseconds)
                    break;
                device.WaitForFrames(100 * Clock.NanosecondsPerMillisecond);
            }
            end = lastFrame;
        }
        Console.WriteLine("result frames=" + frames + " ns=" + (end - start) + " notifications=" + (device.TransmitNotifications + device.ReceiveNotifications)
            + " interrupts=" + VirtioDevices.NetworkInterruptCount + " event_idx=" + ((device.NegotiatedFeatures & OSv.Drivers.Virtio.Virtqueue.VirtqConstants.FeatureEventIndex) != 0 ? "on" : "off"));
        return 0;
    }
}
