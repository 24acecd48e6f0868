using System;
using System.Collections.Generic;
using OSv.Net.Tcp;
using OSv.Net.Wire;
using Xunit;

namespace OSv.Net.Tests.Tcp
{
    // A segment as the tests write and read it (smoltcp's TcpRepr): `with` makes variants.
    public record struct Seg(TcpFlags Flags, uint Seq, uint Ack = 0, ushort Window = 8192, byte[]? Payload = null)
    {
        public ushort Mss { get; init; }
        public int WindowScale { get; init; } = -1;
        public bool SackPermitted { get; init; }
        public (uint Left, uint Right)[]? Sack { get; init; }

        public int PayloadLength => Payload?.Length ?? 0;

        public override string ToString() =>
            $"[{Flags} seq={Seq} ack={Ack} win={Window} len={PayloadLength} mss={Mss} ws={WindowScale} sackp={SackPermitted} sack={(Sack == null ? "-" : string.Join(",", Array.ConvertAll(Sack, b => b.Left + "-" + b.Right)))}]";

        public static Seg Parse(ReadOnlySpan<byte> bytes, Ipv4Address source, Ipv4Address destination)
        {
            WireResult result = TcpSegment.TryCreate(bytes, source, destination, out TcpSegment view);
            Assert.True(result.IsOk, "sent segment does not parse: " + result.Reason);
            TcpOptions options = view.Options;
            (uint, uint)[]? sack = null;
            if (options.SackBlockCount > 0)
            {
                sack = new (uint, uint)[options.SackBlockCount];
                for (int index = 0; index < sack.Length; index++)
                {
                    options.GetSackBlock(index, out uint left, out uint right);
                    sack[index] = (left, right);
                }
            }
            return new Seg(view.Flags, view.SequenceNumber, view.AcknowledgmentNumber, view.Window,
                view.Payload.Length == 0 ? null : view.Payload.ToArray())
            {
                Mss = options.Mss,
                WindowScale = options.HasWindowScale ? options.WindowScale : -1,
                SackPermitted = options.SackPermitted,
                Sack = sack,
            };
        }

        public byte[] Build(ushort sourcePort, ushort destinationPort, Ipv4Address source, Ipv4Address destination)
        {
            TcpHeader header = default;
            header.SourcePort = sourcePort;
            header.DestinationPort = destinationPort;
            header.SequenceNumber = Seq;
            header.AcknowledgmentNumber = Ack;
            header.Flags = Flags;
            header.Window = Window;
            header.Options.Mss = Mss;
            header.Options.HasWindowScale = WindowScale >= 0;
            header.Options.WindowScale = (byte)Math.Max(WindowScale, 0);
            header.Options.SackPermitted = SackPermitted;
            if (Sack != null)
                foreach ((uint left, uint right) in Sack)
                    header.Options.TryAddSackBlock(left, right);
            byte[] bytes = new byte[header.HeaderBytes + PayloadLength];
            Assert.True(header.TryEmit(bytes, out int headerBytes));
            Payload?.CopyTo(bytes, headerBytes);
            TcpHeader.FillChecksum(bytes, source, destination);
            return bytes;
        }

        // Segment equality that compares payload bytes and SACK blocks by value.
        public bool SameAs(Seg other) =>
            Flags == other.Flags && Seq == other.Seq && Ack == other.Ack && Window == other.Window && Mss == other.Mss &&
            WindowScale == other.WindowScale && SackPermitted == other.SackPermitted &&
            (Payload ?? Array.Empty<byte>()).AsSpan().SequenceEqual(other.Payload ?? Array.Empty<byte>()) &&
            (Sack ?? Array.Empty<(uint, uint)>()).AsSpan().SequenceEqual(other.Sack ?? Array.Empty<(uint, uint)>());
    }

    public sealed class RecordingTransmitter : SegmentTransmitter
    {
        public const int SegmentBytes = 1480; // a 1500-byte MTU less the IPv4 header
        private readonly byte[] _buffer = new byte[SegmentBytes];
        public readonly List<(FlowKey Flow, byte[] Bytes)> Sent = new();
        public bool Record = true;
        public bool Fail;
        public int TransmitCount;

        public override Span<byte> BeginSegment() => _buffer;
        public override int SegmentBytesMax => SegmentBytes;

        public override bool Transmit(in FlowKey flow, int length)
        {
            TransmitCount++;
            if (Fail)
                return false;
            if (Record)
                Sent.Add((flow, _buffer.AsSpan(0, length).ToArray()));
            return true;
        }
    }

    // Puts a connection in any RFC 9293 state, seen from "us" (10.0.0.1) talking to a scripted
    // peer (10.0.0.2): Deliver feeds one segment at Now, TakeOne/ExpectNone assert the output.
    public sealed class TcpFixture
    {
        public static readonly Ipv4Address LocalIp = new Ipv4Address(10, 0, 0, 1);
        public static readonly Ipv4Address RemoteIp = new Ipv4Address(10, 0, 0, 2);
        public const ushort ServerPort = 80;
        public const ushort PeerPort = 40000;
        public const uint RemoteIss = 1000;
        public const int BufferBytes = 8192;
        public const ushort OurMss = RecordingTransmitter.SegmentBytes - 20;
        public const long Ms = 1_000_000;

        public readonly TcpSettings Settings;
        public readonly RecordingTransmitter Tx = new();
        public readonly TcpLayer Layer;
        public TcpListenerBlock? Listener;
        public TcpControlBlock? Block;
        public uint LocalIss;
        public long Now = 1_000 * Ms;
        public ushort LocalPort = ServerPort;
        public ushort RemotePort = PeerPort;

        public TcpFixture(Action<TcpSettings>? configure = null, uint secret = 12345)
        {
            Settings = new TcpSettings { ReceiveBufferBytes = BufferBytes, SendBufferBytes = BufferBytes, ConnectionsMax = 16 };
            configure?.Invoke(Settings);
            Layer = new TcpLayer(Settings, Tx, secret);
        }

        public TcpControlBlock B => Block!;
        public FlowKey Flow => new FlowKey(LocalIp, LocalPort, RemoteIp, RemotePort);

        // Our sequence numbers relative to ISS, the peer's relative to its ISS.
        public uint L(uint offset) => LocalIss + offset;
        public static uint R(uint offset) => RemoteIss + offset;

        public void Deliver(Seg segment) =>
            Layer.Receive(RemoteIp, LocalIp, segment.Build(RemotePort, LocalPort, RemoteIp, LocalIp), Now);

        public void Advance(long ns)
        {
            Now += ns;
            Layer.Poll(Now);
        }

        // Runs timers up to exactly their next deadline.
        public void AdvanceToNextDeadline()
        {
            Assert.NotEqual(long.MaxValue, Layer.NextDeadlineNs);
            Now = Math.Max(Now, Layer.NextDeadlineNs);
            Layer.Poll(Now);
        }

        public List<Seg> TakeSent()
        {
            List<Seg> segments = new();
            foreach ((FlowKey flow, byte[] bytes) in Tx.Sent)
                segments.Add(Seg.Parse(bytes, flow.LocalAddress, flow.RemoteAddress));
            Tx.Sent.Clear();
            return segments;
        }

        public Seg TakeOne()
        {
            List<Seg> sent = TakeSent();
            Assert.True(sent.Count == 1, "expected one segment, got " + sent.Count + ": " + string.Join(" ", sent));
            return sent[0];
        }

        public void ExpectOne(Seg expected)
        {
            Seg actual = TakeOne();
            Assert.True(expected.SameAs(actual), "expected " + expected + " got " + actual);
        }

        public void ExpectNone()
        {
            List<Seg> sent = TakeSent();
            Assert.True(sent.Count == 0, "expected nothing, got " + string.Join(" ", sent));
        }

        public static byte[] Bytes(int count, int seed = 1)
        {
            byte[] bytes = new byte[count];
            for (int index = 0; index < count; index++)
                bytes[index] = (byte)(index * 7 + seed);
            return bytes;
        }

        // ---- states, passive side (we listen on port 80) ----

        public static TcpFixture Listening(Action<TcpSettings>? configure = null, int backlog = 8)
        {
            TcpFixture fixture = new TcpFixture(configure);
            fixture.Listener = fixture.Layer.Listen(Ipv4Address.Any, ServerPort, backlog);
            Assert.NotNull(fixture.Listener);
            return fixture;
        }

        public static Seg PeerSyn => new Seg(TcpFlags.Syn, RemoteIss, 0, 8192) { Mss = 1460 };

        public static TcpFixture SynReceived(Action<TcpSettings>? configure = null, Seg? syn = null)
        {
            TcpFixture fixture = Listening(configure);
            fixture.Deliver(syn ?? PeerSyn);
            Seg synAck = fixture.TakeOne();
            Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
            fixture.LocalIss = synAck.Seq;
            fixture.Block = fixture.Layer.Find(fixture.Flow);
            Assert.NotNull(fixture.Block);
            return fixture;
        }

        public static TcpFixture Established(Action<TcpSettings>? configure = null, Seg? syn = null)
        {
            TcpFixture fixture = SynReceived(configure, syn);
            fixture.Deliver(new Seg(TcpFlags.Ack, R(1), fixture.L(1)));
            fixture.ExpectNone();
            Assert.True(fixture.Listener!.TryAccept(out TcpControlBlock? accepted));
            Assert.Same(fixture.Block, accepted);
            Assert.Equal(TcpState.Established, fixture.B.State);
            return fixture;
        }

        public static TcpFixture FinWait1(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = Established(configure);
            fixture.B.Close(fixture.Now);
            fixture.ExpectOne(new Seg(TcpFlags.Fin | TcpFlags.Ack, fixture.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.FinWait1, fixture.B.State);
            return fixture;
        }

        public static TcpFixture FinWait2(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = FinWait1(configure);
            fixture.Deliver(new Seg(TcpFlags.Ack, R(1), fixture.L(2)));
            fixture.ExpectNone();
            Assert.Equal(TcpState.FinWait2, fixture.B.State);
            return fixture;
        }

        public static TcpFixture Closing(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = FinWait1(configure);
            fixture.Deliver(new Seg(TcpFlags.Fin | TcpFlags.Ack, R(1), fixture.L(1)));
            fixture.ExpectOne(new Seg(TcpFlags.Ack, fixture.L(2), R(2), BufferBytes));
            Assert.Equal(TcpState.Closing, fixture.B.State);
            return fixture;
        }

        public static TcpFixture TimeWait(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = FinWait2(configure);
            fixture.Deliver(new Seg(TcpFlags.Fin | TcpFlags.Ack, R(1), fixture.L(2)));
            fixture.ExpectOne(new Seg(TcpFlags.Ack, fixture.L(2), R(2), BufferBytes));
            Assert.Equal(TcpState.TimeWait, fixture.B.State);
            return fixture;
        }

        public static TcpFixture CloseWait(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = Established(configure);
            fixture.Deliver(new Seg(TcpFlags.Fin | TcpFlags.Ack, R(1), fixture.L(1)));
            fixture.ExpectOne(new Seg(TcpFlags.Ack, fixture.L(1), R(2), BufferBytes));
            Assert.Equal(TcpState.CloseWait, fixture.B.State);
            return fixture;
        }

        public static TcpFixture LastAck(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = CloseWait(configure);
            fixture.B.Close(fixture.Now);
            fixture.ExpectOne(new Seg(TcpFlags.Fin | TcpFlags.Ack, fixture.L(1), R(2), BufferBytes));
            Assert.Equal(TcpState.LastAck, fixture.B.State);
            return fixture;
        }

        // ---- active side (we connect to the peer's port 80) ----

        public static TcpFixture SynSent(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = new TcpFixture(configure);
            fixture.RemotePort = ServerPort;
            fixture.Block = fixture.Layer.Connect(LocalIp, RemoteIp, ServerPort, fixture.Now);
            Assert.NotNull(fixture.Block);
            fixture.LocalPort = fixture.B.Flow.LocalPort;
            Seg syn = fixture.TakeOne();
            Assert.Equal(TcpFlags.Syn, syn.Flags);
            fixture.LocalIss = syn.Seq;
            Assert.Equal(TcpState.SynSent, fixture.B.State);
            return fixture;
        }

        public static TcpFixture EstablishedActive(Action<TcpSettings>? configure = null)
        {
            TcpFixture fixture = SynSent(configure);
            fixture.Deliver(new Seg(TcpFlags.Syn | TcpFlags.Ack, R(0), fixture.L(1)) { Mss = 1460 });
            fixture.ExpectOne(new Seg(TcpFlags.Ack, fixture.L(1), R(1), BufferBytes));
            Assert.Equal(TcpState.Established, fixture.B.State);
            return fixture;
        }
    }
}
