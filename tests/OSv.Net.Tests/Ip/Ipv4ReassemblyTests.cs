using System;
using OSv.Net.Ip;
using OSv.Net.Tests.Wire;
using OSv.Net.Wire;
using OSv.Testing;
using Xunit;

namespace OSv.Net.Tests.Ip
{
    public class Ipv4ReassemblyTests
    {
        private const long T0 = 5_000_000_000_000;
        private const long Timeout = NetLimits.ReassemblyTimeoutNs;
        private const int PayloadMax = Ipv4Header.PayloadLengthMax; // 65515

        private readonly Ipv4Reassembly _reassembly = new Ipv4Reassembly();
        private readonly byte[] _buffer = new byte[Ipv4Packet.TotalLengthMax];

        private ReassemblyResult Feed(byte[] bytes, long nowNs) => Feed(bytes, nowNs, _buffer);

        private ReassemblyResult Feed(byte[] bytes, long nowNs, byte[] buffer)
        {
            Expect.Ok(Ipv4Packet.TryCreate(bytes, out Ipv4Packet packet));
            return _reassembly.Accept(packet, nowNs, buffer);
        }

        private static void ExpectIncomplete(ReassemblyResult result) =>
            Assert.Equal(ReassemblyStatus.Incomplete, result.Status);

        private static void ExpectDropped(ReassemblyDropReason reason, ReassemblyResult result)
        {
            Assert.Equal(ReassemblyStatus.Dropped, result.Status);
            Assert.Equal(reason, result.Reason);
        }

        private void ExpectComplete(byte[] payload, ReassemblyResult result)
        {
            Assert.Equal(ReassemblyStatus.Complete, result.Status);
            Assert.Equal(payload.Length, result.Length);
            Assert.True(_buffer.AsSpan(0, result.Length).SequenceEqual(payload));
        }

        private void ExpectEmpty()
        {
            Assert.Equal(0, _reassembly.DatagramsInProgress);
            Assert.Equal(0, _reassembly.BytesHeld);
        }

        [Fact]
        public void Accept_InOrder_CompleteByteExact()
        {
            byte[] payload = Fragments.Payload(3000, 1);
            ExpectIncomplete(Feed(Fragments.Build(1, payload, 0, 1480, more: true), T0));
            ExpectIncomplete(Feed(Fragments.Build(1, payload, 1480, 1480, more: true), T0 + 1));
            ExpectComplete(payload, Feed(Fragments.Build(1, payload, 2960, 40, more: false), T0 + 2));
            ExpectEmpty();
            Assert.Equal(1, _reassembly.Counters.Reassembled);
            Assert.Equal(3, _reassembly.Counters.FragmentsKept);
        }

        [Fact]
        public void Accept_OutOfOrder_CompleteByteExact()
        {
            byte[] payload = Fragments.Payload(3000, 2);
            ExpectIncomplete(Feed(Fragments.Build(2, payload, 2960, 40, more: false), T0));
            ExpectIncomplete(Feed(Fragments.Build(2, payload, 0, 1480, more: true), T0));
            ExpectComplete(payload, Feed(Fragments.Build(2, payload, 1480, 1480, more: true), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_DuplicateFragment_CountedThenCompletes()
        {
            byte[] payload = Fragments.Payload(24, 3);
            byte[] first = Fragments.Build(3, payload, 0, 16, more: true);
            ExpectIncomplete(Feed(first, T0));
            ExpectIncomplete(Feed(first, T0));
            Assert.Equal(1, _reassembly.Counters.Duplicates);
            ExpectComplete(payload, Feed(Fragments.Build(3, payload, 16, 8, more: false), T0));
            Assert.Equal(0, _reassembly.Counters.Dropped);
        }

        [Fact]
        public void Accept_DuplicateLastFragment_CountedThenCompletes()
        {
            byte[] payload = Fragments.Payload(30, 4);
            byte[] last = Fragments.Build(4, payload, 16, 14, more: false);
            ExpectIncomplete(Feed(last, T0));
            ExpectIncomplete(Feed(last, T0));
            Assert.Equal(1, _reassembly.Counters.Duplicates);
            ExpectComplete(payload, Feed(Fragments.Build(4, payload, 0, 16, more: true), T0));
        }

        [Fact]
        public void Accept_OverlapWithSameBytes_CompletesWithoutDrop()
        {
            byte[] payload = Fragments.Payload(30, 5);
            ExpectIncomplete(Feed(Fragments.Build(5, payload, 0, 16, more: true), T0));
            ExpectIncomplete(Feed(Fragments.Build(5, payload, 8, 16, more: true), T0));
            ExpectComplete(payload, Feed(Fragments.Build(5, payload, 16, 14, more: false), T0));
            Assert.Equal(0, _reassembly.Counters.Dropped);
            Assert.Equal(0, _reassembly.Counters.Duplicates);
        }

        [Fact]
        public void Accept_OverlapWithDifferentBytes_DiscardsDatagram()
        {
            byte[] payload = Fragments.Payload(30, 6);
            byte[] forged = (byte[])payload.Clone();
            forged[10] ^= 0xFF;
            ExpectIncomplete(Feed(Fragments.Build(6, payload, 0, 16, more: true), T0));
            ExpectDropped(ReassemblyDropReason.OverlapMismatch, Feed(Fragments.Build(6, forged, 8, 16, more: true), T0));
            ExpectEmpty();
            Assert.Equal(1, _reassembly.DropCount(ReassemblyDropReason.OverlapMismatch));
            // What follows starts afresh: the first fragment is gone.
            ExpectIncomplete(Feed(Fragments.Build(6, payload, 16, 14, more: false), T0));
            Assert.Equal(1, _reassembly.DatagramsInProgress);
        }

        [Fact]
        public void Accept_OverlapDifferingOnlyInLastPartialUnit_DiscardsDatagram()
        {
            byte[] payload = Fragments.Payload(30, 7);
            byte[] forged = (byte[])payload.Clone();
            forged[29] ^= 1;
            ExpectIncomplete(Feed(Fragments.Build(7, payload, 8, 22, more: false), T0));
            ExpectDropped(ReassemblyDropReason.OverlapMismatch, Feed(Fragments.Build(7, forged, 24, 6, more: false), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_MissingLastFragment_TimesOutExactlyAtLimit()
        {
            byte[] payload = Fragments.Payload(64, 8);
            byte[] first = Fragments.Build(8, payload, 0, 32, more: true);
            ExpectIncomplete(Feed(first, T0));
            ExpectIncomplete(Feed(Fragments.Build(8, payload, 32, 16, more: true), T0 + Timeout / 2));
            Assert.Equal(T0 + Timeout, _reassembly.NextTimeoutNs);
            Assert.Equal(0, _reassembly.Tick(T0 + Timeout - 1));
            Assert.Equal(1, _reassembly.DatagramsInProgress);

            var quote = new byte[NetLimits.ReassemblyQuoteBytesMax];
            Assert.True(_reassembly.TryExpire(T0 + Timeout, quote, out int quoteLength));
            Assert.Equal(Ipv4Packet.HeaderBytesMin + 8, quoteLength);
            Assert.True(quote.AsSpan(0, quoteLength).SequenceEqual(first.AsSpan(0, quoteLength)));
            ExpectEmpty();
            Assert.Equal(1, _reassembly.Counters.TimedOut);
            Assert.Equal(long.MaxValue, _reassembly.NextTimeoutNs);
            Assert.False(_reassembly.TryExpire(T0 + Timeout, quote, out _));
        }

        [Fact]
        public void TryExpire_FragmentZeroNeverArrived_NoQuote()
        {
            byte[] payload = Fragments.Payload(64, 9);
            ExpectIncomplete(Feed(Fragments.Build(9, payload, 32, 32, more: false), T0));
            var quote = new byte[NetLimits.ReassemblyQuoteBytesMax];
            Assert.True(_reassembly.TryExpire(T0 + Timeout, quote, out int quoteLength));
            Assert.Equal(0, quoteLength);
        }

        [Fact]
        public void Accept_SameKeyAtTimeout_OldDiscardedNewStarted()
        {
            byte[] payload = Fragments.Payload(24, 10);
            ExpectIncomplete(Feed(Fragments.Build(10, payload, 0, 16, more: true), T0));
            ExpectIncomplete(Feed(Fragments.Build(10, payload, 16, 8, more: false), T0 + Timeout));
            Assert.Equal(1, _reassembly.Counters.TimedOut);
            Assert.Equal(1, _reassembly.DatagramsInProgress);
            ExpectComplete(payload, Feed(Fragments.Build(10, payload, 0, 16, more: true), T0 + Timeout + 1));
        }

        [Fact]
        public void Accept_SameKeyJustBeforeTimeout_Completes()
        {
            byte[] payload = Fragments.Payload(24, 11);
            ExpectIncomplete(Feed(Fragments.Build(11, payload, 0, 16, more: true), T0));
            ExpectComplete(payload, Feed(Fragments.Build(11, payload, 16, 8, more: false), T0 + Timeout - 1));
        }

        [Fact]
        public void Accept_DatagramsMaxInProgress_NewDatagramRefused()
        {
            byte[] payload = Fragments.Payload(16, 12);
            for (int id = 0; id < NetLimits.ReassemblyDatagramsMax; id++)
                ExpectIncomplete(Feed(Fragments.Build((ushort)id, payload, 0, 8, more: true), T0));
            ushort extra = NetLimits.ReassemblyDatagramsMax;
            ExpectDropped(ReassemblyDropReason.TooManyDatagrams, Feed(Fragments.Build(extra, payload, 0, 8, more: true), T0));
            Assert.Equal(NetLimits.ReassemblyDatagramsMax, _reassembly.DatagramsInProgress);
            // The datagrams in progress still complete, and free their slot.
            ExpectComplete(payload, Feed(Fragments.Build(0, payload, 8, 8, more: false), T0));
            ExpectIncomplete(Feed(Fragments.Build(extra, payload, 0, 8, more: true), T0));
            Assert.Equal(1, _reassembly.DropCount(ReassemblyDropReason.TooManyDatagrams));
        }

        [Fact]
        public void Accept_TotalBytesFull_FragmentNeedingBlockRefused()
        {
            // The largest non-last fragment at offset 0 fills every block a datagram can use.
            const int largest = PayloadMax / 8 * 8;
            byte[] payload = Fragments.Payload(PayloadMax, 13);
            int fullDatagrams = NetLimits.ReassemblyBlocksMax / NetLimits.ReassemblyBlocksPerDatagramMax;
            for (int id = 0; id < fullDatagrams; id++)
                ExpectIncomplete(Feed(Fragments.Build((ushort)id, payload, 0, largest, more: true), T0));
            Assert.Equal(NetLimits.ReassemblyBytesMax, _reassembly.BytesHeld);
            ushort extra = (ushort)fullDatagrams;
            ExpectDropped(ReassemblyDropReason.OutOfBuffer, Feed(Fragments.Build(extra, payload, 0, 8, more: true), T0));
            Assert.Equal(fullDatagrams, _reassembly.DatagramsInProgress);
            // Completing one needs no new block (its tail lies in its last block) and frees 32.
            ExpectComplete(payload, Feed(Fragments.Build(0, payload, largest, PayloadMax - largest, more: false), T0));
            ExpectIncomplete(Feed(Fragments.Build(extra, payload, 0, 8, more: true), T0));
            Assert.Equal(1, _reassembly.DropCount(ReassemblyDropReason.OutOfBuffer));
        }

        [Fact]
        public void Accept_LargestDatagram_Completes()
        {
            byte[] payload = Fragments.Payload(PayloadMax, 14);
            ExpectIncomplete(Feed(Fragments.Build(14, payload, 32768, PayloadMax - 32768, more: false), T0));
            ExpectComplete(payload, Feed(Fragments.Build(14, payload, 0, 32768, more: true), T0));
            Assert.Equal(Ipv4Packet.TotalLengthMax, Ipv4Packet.HeaderBytesMin + payload.Length);
        }

        [Fact]
        public void Accept_OptionsMakeDatagramOver65535_DatagramTooLarge()
        {
            // Each fragment is valid on its own; with fragment zero's 24-byte header the whole
            // datagram would be 24 + 65515 = 65539 bytes.
            byte[] payload = Fragments.Payload(PayloadMax, 15);
            ExpectIncomplete(Feed(Fragments.Build(15, payload, 0, 8, more: true, optionBytes: 4), T0));
            ExpectDropped(ReassemblyDropReason.DatagramTooLarge, Feed(Fragments.Build(15, payload, 65504, PayloadMax - 65504, more: false), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_OptionsFragmentZeroLast_DatagramTooLarge()
        {
            byte[] payload = Fragments.Payload(PayloadMax, 16);
            ExpectIncomplete(Feed(Fragments.Build(16, payload, 65504, PayloadMax - 65504, more: false), T0));
            ExpectDropped(ReassemblyDropReason.DatagramTooLarge, Feed(Fragments.Build(16, payload, 0, 8, more: true, optionBytes: 4), T0));
            ExpectEmpty();
            Assert.Equal(1, _reassembly.DropCount(ReassemblyDropReason.DatagramTooLarge));
        }

        [Fact]
        public void TryCreate_FragmentPast65535_RefusedBeforeReassembly()
        {
            // The wire layer's bound: offset + data past 65535 - 20 never reaches Accept.
            byte[] bytes = Fragments.Build(17, Fragments.Payload(PayloadMax, 17), 65504, 8, more: true);
            bytes[6] = (byte)(0x20 | (65512 / 8) >> 8);
            bytes[7] = (byte)((65512 / 8) & 0xFF);
            Expect.Malformed(WireReason.BadFragmentOffset, Ipv4Packet.TryCreate(Reference.WithIpv4Checksum(bytes), out _));
        }

        [Fact]
        public void Accept_SecondLastFragmentDisagrees_DiscardsDatagram()
        {
            byte[] payload = Fragments.Payload(40, 18);
            ExpectIncomplete(Feed(Fragments.Build(18, payload, 16, 24, more: false), T0));
            ExpectDropped(ReassemblyDropReason.InconsistentLength, Feed(Fragments.Build(18, payload, 16, 16, more: false), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_DataPastKnownEnd_DiscardsDatagram()
        {
            byte[] payload = Fragments.Payload(48, 19);
            ExpectIncomplete(Feed(Fragments.Build(19, payload, 16, 8, more: false), T0));
            ExpectDropped(ReassemblyDropReason.InconsistentLength, Feed(Fragments.Build(19, payload, 16, 16, more: true), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_LastFragmentBelowReceivedData_DiscardsDatagram()
        {
            byte[] payload = Fragments.Payload(48, 20);
            ExpectIncomplete(Feed(Fragments.Build(20, payload, 32, 16, more: true), T0));
            ExpectDropped(ReassemblyDropReason.InconsistentLength, Feed(Fragments.Build(20, payload, 16, 8, more: false), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_MoreFragmentsWithPartialUnit_BadFragmentLength()
        {
            byte[] payload = Fragments.Payload(48, 21);
            ExpectIncomplete(Feed(Fragments.Build(21, payload, 16, 16, more: true), T0));
            ExpectDropped(ReassemblyDropReason.BadFragmentLength, Feed(Fragments.Build(21, payload, 0, 12, more: true), T0));
            ExpectDropped(ReassemblyDropReason.BadFragmentLength, Feed(Fragments.Build(21, payload, 0, 0, more: true), T0));
            Assert.Equal(1, _reassembly.DatagramsInProgress); // the datagram itself is untouched
            Assert.Equal(2, _reassembly.DropCount(ReassemblyDropReason.BadFragmentLength));
        }

        [Fact]
        public void Accept_EmptyLastFragment_FixesTotalAndCompletes()
        {
            byte[] payload = Fragments.Payload(16, 22);
            ExpectIncomplete(Feed(Fragments.Build(22, payload, 0, 16, more: true), T0));
            ExpectComplete(payload, Feed(Fragments.Build(22, payload, 16, 0, more: false), T0));
        }

        [Fact]
        public void Accept_WholeDatagram_NotFragment()
        {
            byte[] payload = Fragments.Payload(16, 23);
            ExpectDropped(ReassemblyDropReason.NotFragment, Feed(Fragments.Build(23, payload, 0, 16, more: false), T0));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_BufferTooSmall_DiscardsDatagram()
        {
            byte[] payload = Fragments.Payload(24, 24);
            ExpectIncomplete(Feed(Fragments.Build(24, payload, 0, 16, more: true), T0));
            ExpectDropped(ReassemblyDropReason.BufferTooSmall, Feed(Fragments.Build(24, payload, 16, 8, more: false), T0, new byte[23]));
            ExpectEmpty();
        }

        [Fact]
        public void Accept_SameIdentificationOtherProtocolOrSource_KeptApart()
        {
            byte[] udp = Fragments.Payload(24, 25);
            byte[] tcp = Fragments.Payload(24, 26);
            byte[] other = Fragments.Payload(24, 27);
            var otherSource = new Ipv4Address(10, 0, 2, 3);
            ExpectIncomplete(Feed(Fragments.Build(25, udp, 0, 16, more: true), T0));
            ExpectIncomplete(Feed(Fragments.Build(25, tcp, 0, 16, more: true, protocol: IpProtocol.Tcp), T0));
            ExpectIncomplete(Feed(Fragments.Build(25, other, 0, 16, more: true, source: otherSource), T0));
            Assert.Equal(3, _reassembly.DatagramsInProgress);
            ExpectComplete(tcp, Feed(Fragments.Build(25, tcp, 16, 8, more: false, protocol: IpProtocol.Tcp), T0));
            ExpectComplete(other, Feed(Fragments.Build(25, other, 16, 8, more: false, source: otherSource), T0));
            ExpectComplete(udp, Feed(Fragments.Build(25, udp, 16, 8, more: false), T0));
        }

        [Fact]
        public void Accept_FragmentsAcrossBlocks_AllocatesNothing()
        {
            byte[] payload = Fragments.Payload(9000, 28);
            var fragments = new byte[][]
            {
                Fragments.Build(28, payload, 4440, 4560, more: false),
                Fragments.Build(28, payload, 0, 2960, more: true),
                Fragments.Build(28, payload, 1480, 2960, more: true),
            };
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < 50; round++)
                    for (int i = 0; i < fragments.Length; i++)
                    {
                        Ipv4Packet.TryCreate(fragments[i], out Ipv4Packet packet);
                        _reassembly.Accept(packet, T0 + round, _buffer);
                    }
                _reassembly.Tick(T0 + Timeout);
            });
            Assert.Equal(0, allocated);
            Assert.Equal(50 * (1 + AllocationMeter.Windows), _reassembly.Counters.Reassembled);
        }
    }
}
