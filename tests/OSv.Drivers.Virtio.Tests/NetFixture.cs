// A virtio-net device as the driver meets it hosted: SimulatedMmioDevice for the registers
// (virtio-net configuration: MAC at 0, status at 6), SimulatedDevice for the two queues' rings
// (built from the addresses the driver programmed), native DMA memory, and VirtioNetDevice
// started over MmioTransport. Helpers play the wire: deliver a frame into the next receive
// buffer, see what the driver transmitted.
using System;
using OSv.Drivers.Virtio.Mmio;
using OSv.Drivers.Virtio.Net;
using OSv.Net.Link;
using OSv.Testing;
using Xunit;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed unsafe class NetFixture : IDisposable
    {
        public const ulong Version1 = SimulatedMmioDevice.FeatureVersion1;
        public const ulong EventIndex = SimulatedMmioDevice.FeatureEventIndex;
        public const ulong Indirect = SimulatedMmioDevice.FeatureIndirect;
        public const ulong Csum = 1UL << 0, GuestCsum = 1UL << 1, Mac = 1UL << 5, MrgRxBuf = 1UL << 15, Status = 1UL << 16;
        public const ulong DefaultFeatures = Version1 | Mac | Status | EventIndex;

        // virtio_net_hdr (5.1.6) is 12 bytes with VIRTIO_F_VERSION_1; the spec's numbers, not the driver's.
        public const int HeaderBytes = 12;
        public const int BufferBytes = 2048;
        public const int FrameBytesMax = 1518;

        public static readonly byte[] DefaultMac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

        private VirtioNetDevice? _net;

        public NetFixture(ulong features = DefaultFeatures, int receiveMax = 256, int transmitMax = 256, bool start = true, int[]? queueSizesMax = null)
        {
            Device = new SimulatedMmioDevice(1, features, queueSizesMax ?? new[] { receiveMax, transmitMax });
            Device.SetMac(DefaultMac);
            Device.SetNetStatus(1);
            Device.InterruptStatus = 0;
            Dma = new NativeDmaAllocator();
            Device.DmaCheck = (address, length) => Dma.IndexOf(address, length) >= 0;
            MmioTransport? transport = MmioTransport.TryCreate(Device, "mmio test", out string? refusal);
            Assert.Null(refusal);
            Transport = transport!;
            if (start)
                Assert.True(Start(), Error);
        }

        public SimulatedMmioDevice Device { get; }
        public NativeDmaAllocator Dma { get; }
        public MmioTransport Transport { get; }
        public string? Error { get; private set; }
        public VirtioNetDevice Net => _net ?? throw new InvalidOperationException("not started");
        public SimulatedDevice Receive { get; private set; } = null!;
        public SimulatedDevice Transmit { get; private set; } = null!;

        public bool Start(bool eventIndex = true)
        {
            _net = VirtioNetDevice.TryStart(Transport, Dma, out string? error, eventIndex);
            Error = error;
            if (_net == null)
                return false;
            Receive = Device.Ring(0);
            Transmit = Device.Ring(1);
            return true;
        }

        // The device puts a frame from the wire into the next receive buffer: header, then payload.
        public SimulatedDevice.Chain Deliver(ReadOnlySpan<byte> payload, byte[]? header = null)
        {
            SimulatedDevice.Chain chain = Receive.Pop();
            DeliverInto(chain, payload, header);
            return chain;
        }

        // Returns whether the device raised a used buffer notification (interrupt).
        public bool DeliverInto(SimulatedDevice.Chain chain, ReadOnlySpan<byte> payload, byte[]? header = null)
        {
            byte[] bytes = new byte[HeaderBytes + payload.Length];
            (header ?? new byte[HeaderBytes]).CopyTo(bytes, 0);
            payload.CopyTo(bytes.AsSpan(HeaderBytes));
            AssertInDma(chain);
            uint written = Receive.WriteWritable(chain, bytes);
            Assert.Equal((uint)bytes.Length, written);
            return Receive.Complete(chain.Head, written);
        }

        // A device that claims lengthBytes written: whatever fits is written, a header whose
        // num_buffers is 1 (what an honest device sets for a frame in one buffer), then a pattern.
        public bool DeliverRawLength(SimulatedDevice.Chain chain, uint lengthBytes)
        {
            byte[] bytes = Pattern((int)Math.Min(lengthBytes, chain.WritableBytes), 0x33);
            byte[] header = Header(numBuffers: 1);
            Array.Copy(header, bytes, Math.Min(header.Length, bytes.Length));
            AssertInDma(chain);
            Receive.WriteWritable(chain, bytes);
            return Receive.Complete(chain.Head, lengthBytes);
        }

        // virtio_net_hdr (5.1.6): flags, gso_type, hdr_len, gso_size, csum_start, csum_offset,
        // num_buffers (le16 at 10); all zero but num_buffers.
        public static byte[] Header(ushort numBuffers)
        {
            var header = new byte[HeaderBytes];
            header[10] = (byte)numBuffers;
            header[11] = (byte)(numBuffers >> 8);
            return header;
        }

        // A frame the device spread over several buffers (mergeable receive buffers, 5.1.6.4):
        // the header (num_buffers = chains.Length) and data into the first, data into the rest,
        // all marked used at once. Returns whether the device interrupted.
        public bool DeliverSpread(SimulatedDevice.Chain[] chains, ushort? numBuffers = null)
        {
            var elements = new (uint, uint)[chains.Length];
            for (int i = 0; i < chains.Length; i++)
            {
                byte[] bytes = Pattern(BufferBytes, (byte)(i + 1));
                if (i == 0)
                    Header(numBuffers ?? (ushort)chains.Length).CopyTo(bytes, 0);
                AssertInDma(chains[i]);
                Receive.WriteWritable(chains[i], bytes);
                elements[i] = (chains[i].Head, BufferBytes);
            }
            return Receive.CompleteBatch(elements);
        }

        public FrameLease TakeFrame()
        {
            Assert.True(Net.TryTake(out FrameLease frame), "no frame");
            return frame;
        }

        // The only segment of a transmit chain, checked to be one device-readable segment.
        public static SimulatedDevice.Segment OnlyReadable(SimulatedDevice.Chain chain)
        {
            Assert.Single(chain.Segments);
            Assert.False(chain.Segments[0].Writable);
            return chain.Segments[0];
        }

        // A receive chain as the driver must post it: one device-writable 2048-byte segment.
        public static SimulatedDevice.Segment OnlyWritableBuffer(SimulatedDevice.Chain chain)
        {
            Assert.Single(chain.Segments);
            Assert.True(chain.Segments[0].Writable);
            Assert.Equal((uint)BufferBytes, chain.Segments[0].Length);
            return chain.Segments[0];
        }

        // What the device reads from a transmit chain, split into header and frame.
        public byte[] TransmittedFrame(SimulatedDevice.Chain chain)
        {
            OnlyReadable(chain);
            AssertInDma(chain);
            byte[] bytes = Transmit.ReadReadable(chain);
            Assert.True(bytes.Length > HeaderBytes, "transmit chain without a frame");
            Assert.Equal(new byte[HeaderBytes], bytes.AsSpan(0, HeaderBytes).ToArray());
            return bytes.AsSpan(HeaderBytes).ToArray();
        }

        // Before the device dereferences a chain's addresses: each lies in memory the driver got
        // for DMA (hosted, anything else would crash the test host instead of failing the test).
        public void AssertInDma(SimulatedDevice.Chain chain)
        {
            foreach (SimulatedDevice.Segment segment in chain.Segments)
                Assert.True(Dma.IndexOf(segment.Address, segment.Length) >= 0,
                    "segment 0x" + segment.Address.ToString("x") + "+" + segment.Length + " outside DMA memory");
        }

        public static byte[] Pattern(int length, byte seed)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
                bytes[i] = (byte)(seed + i * 7 + (i >> 8));
            return bytes;
        }

        public static byte[] RandomBytes(SimulationRandom random, int length)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
                bytes[i] = (byte)random.NextUInt64();
            return bytes;
        }

        public static ulong AddressOf(ReadOnlySpan<byte> span)
        {
            fixed (byte* pointer = span)
                return (ulong)pointer;
        }

        // eventIndex ∈ [oldIndex, newIndex) modulo 2^16, by walking the entries (2.7.10).
        public static bool EventInBatch(ushort eventIndex, ushort oldIndex, ushort newIndex)
        {
            for (ushort i = oldIndex; i != newIndex; i++)
                if (i == eventIndex)
                    return true;
            return false;
        }

        public void Dispose() => Dma.Dispose();
    }
}
