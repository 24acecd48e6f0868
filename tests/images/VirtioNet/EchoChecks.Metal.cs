// Raw frames through the driver and back, against a host process that echoes every frame it
// receives (osv run --net udp:LOCAL:REMOTE; tests/OSv.Image.Tests/VirtioEchoTests.cs is the
// host side). Frames of varied sizes carry a sequence number and a pattern derived from it; at
// most Window frames are in flight. Every echo must come back intact and in order. Odd frames go
// out by scatter-gather: the first 18 bytes copied, the rest read by the device from a DMA slot
// that is reused only once the driver reports the device done with it.
using System;
using OSv.Core.Memory;
using OSv.Core.Time;
using OSv.Drivers.Virtio;
using OSv.Drivers.Virtio.Net;
using OSv.Drivers.Virtio.Virtqueue;
using OSv.Net.Link;

internal static unsafe class EchoChecks
{
    private const int Window = 16;
    private const int MinimumFrameBytes = 60;
    private const int HeaderBytes = 18;
    private const int PayloadSlots = 2 * Window;
    private const int PayloadSlotBytes = 2048;
    private const long EchoWaitNanoseconds = 5 * Clock.NanosecondsPerSecond;
    private static readonly byte[] PeerMac = { 0x02, 0, 0, 0, 0, 1 };

    public static void Run(int frames)
    {
        VirtioNetDevice? device = VirtioDevices.Network;
        Check.That("echo.device.started", device != null);
        if (device == null)
            return;
        byte[] frame = new byte[VirtioNetDevice.FrameBytesLimit];
        byte* slots = DmaMemory.AllocatePages(PayloadSlots * PayloadSlotBytes / DmaMemory.PageBytes, "echo payloads");
        bool[] slotBusy = new bool[PayloadSlots];
        int sent = 0, received = 0, corrupt = 0, outOfOrder = 0, gathered = 0, foreign = 0;
        long start = Clock.NowNanoseconds;
        long lastProgress = start;
        while (received < frames)
        {
            while (device.TryTakeSentPayload(out long token))
                slotBusy[(int)token] = false;
            while (sent < frames && sent - received < Window)
            {
                int length = Build(frame, device.MacAddressBytes, sent);
                int slot = sent % PayloadSlots;
                bool gather = (sent & 1) == 1;
                if (gather && slotBusy[slot])
                    break;
                bool queued;
                if (gather)
                {
                    byte* payload = slots + slot * PayloadSlotBytes;
                    new ReadOnlySpan<byte>(frame, HeaderBytes, length - HeaderBytes).CopyTo(new Span<byte>(payload, length - HeaderBytes));
                    queued = device.TrySendGather(new ReadOnlySpan<byte>(frame, 0, HeaderBytes),
                        new BufferSegment(DmaMemory.PhysicalAddressOf(payload), (uint)(length - HeaderBytes)), slot);
                    if (queued)
                    {
                        slotBusy[slot] = true;
                        gathered++;
                    }
                }
                else
                {
                    queued = device.TrySend(new ReadOnlySpan<byte>(frame, 0, length));
                }
                if (!queued)
                    break;
                sent++;
            }
            bool progress = false;
            while (device.TryTakeUnclaimed(out FrameLease lease))
            {
                ReadOnlySpan<byte> bytes = device.Bytes(lease);
                bool ours = IsEchoFrame(bytes);
                int sequence = ours ? Verify(bytes) : -1;
                device.Return(lease);
                if (!ours)
                {
                    foreign++; // a tap also delivers the host's own traffic (IPv6 neighbour discovery...)
                    continue;
                }
                if (sequence < 0)
                {
                    corrupt++;
                    continue;
                }
                if (sequence != received)
                    outOfOrder++;
                received++;
                progress = true;
            }
            long now = Clock.NowNanoseconds;
            if (progress)
                lastProgress = now;
            else if (now - lastProgress > EchoWaitNanoseconds)
                break;
            else
                device.WaitForFrames(Clock.NanosecondsPerMillisecond);
        }
        long elapsed = Clock.NowNanoseconds - start;
        Console.WriteLine("echo: " + received + " of " + frames + " frames back (" + gathered + " sent by scatter-gather), " + corrupt + " corrupt, " + foreign + " foreign, " + outOfOrder + " out of order, "
            + (elapsed / Clock.NanosecondsPerMillisecond) + " ms (" + (received * Clock.NanosecondsPerSecond / (elapsed == 0 ? 1 : elapsed)) + " round trips/s)");
        Check.Equal("echo.every.frame.back", frames, received);
        Check.Equal("echo.no.corrupt.frame", 0, corrupt);
        Check.Equal("echo.in.order", 0, outOfOrder);
        Check.Equal("echo.half.sent.by.scatter.gather", frames / 2, gathered);
    }

    // Sizes cycle through the whole range, small and full-size frames included.
    private static int LengthOf(int sequence) =>
        MinimumFrameBytes + (int)((uint)(sequence * 7919) % (uint)(VirtioNetDevice.FrameBytesLimit - 4 - MinimumFrameBytes + 1));

    private static int Build(Span<byte> frame, ReadOnlySpan<byte> mac, int sequence)
    {
        int length = LengthOf(sequence);
        new ReadOnlySpan<byte>(PeerMac).CopyTo(frame);
        mac.CopyTo(frame.Slice(6));
        frame[12] = 0x88;
        frame[13] = 0xB5; // IEEE local experimental EtherType
        frame[14] = (byte)(sequence >> 24);
        frame[15] = (byte)(sequence >> 16);
        frame[16] = (byte)(sequence >> 8);
        frame[17] = (byte)sequence;
        for (int i = 18; i < length; i++)
            frame[i] = Pattern(sequence, i);
        return length;
    }

    private static bool IsEchoFrame(ReadOnlySpan<byte> frame) => frame.Length >= 14 && frame[12] == 0x88 && frame[13] == 0xB5;

    // The sequence number of an intact echo, or -1.
    private static int Verify(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 18)
            return -1;
        int sequence = frame[14] << 24 | frame[15] << 16 | frame[16] << 8 | frame[17];
        if (sequence < 0 || frame.Length != LengthOf(sequence))
            return -1;
        for (int i = 18; i < frame.Length; i++)
        {
            if (frame[i] != Pattern(sequence, i))
                return -1;
        }
        return sequence;
    }

    private static byte Pattern(int sequence, int index) => (byte)(sequence * 31 + index * 7);
}
