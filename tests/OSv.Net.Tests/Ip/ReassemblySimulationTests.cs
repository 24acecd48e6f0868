using System;
using System.Collections.Generic;
using OSv.Net.Ip;
using OSv.Net.Wire;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Net.Tests.Ip
{
    // Seeded random fragmentation: batches of datagrams are cut into random fragments, with
    // consistent overlapping extras and exact duplicates, shuffled together and fed in; every
    // completion must be byte-exact, every datagram must complete, and nothing may be refused.
    // The seed is printed first, so a failure replays with Run(seed).
    public class ReassemblySimulationTests
    {
        private const int Seeds = 100;
        private const int BatchesPerSeed = 5;
        private const int DatagramsPerBatchMax = 6;
        private const int SmallPayloadMax = 20_000;
        private const int LargePayloadMin = 40_000;

        private readonly ITestOutputHelper _output;

        public ReassemblySimulationTests(ITestOutputHelper output) => _output = output;

        private sealed class Piece
        {
            public int Datagram;
            public byte[] Bytes = Array.Empty<byte>();
        }

        [Fact]
        public void Accept_RandomFragmentsShuffledWithDuplicates_ByteExact()
        {
            long duplicates = 0;
            long reassembled = 0;
            for (int seed = 1; seed <= Seeds; seed++)
            {
                _output.WriteLine("seed " + seed);
                ReassemblyCounters counters = Run(seed);
                duplicates += counters.Duplicates;
                reassembled += counters.Reassembled;
            }
            // The paths this test is for were taken: duplicates, and more than one per datagram.
            Assert.True(duplicates > 0);
            Assert.True(reassembled >= Seeds * BatchesPerSeed);
        }

        private static ReassemblyCounters Run(int seed)
        {
            var random = new Random(seed);
            var reassembly = new Ipv4Reassembly();
            var buffer = new byte[Ipv4Packet.TotalLengthMax];
            ushort nextId = (ushort)random.Next(65536);
            long now = 1_000_000_000;
            for (int batch = 0; batch < BatchesPerSeed; batch++)
            {
                int count = random.Next(1, DatagramsPerBatchMax + 1);
                var payloads = new byte[count][];
                var ids = new ushort[count];
                var pieces = new List<Piece>();
                for (int d = 0; d < count; d++)
                {
                    bool large = d == 0 && random.Next(10) == 0;
                    int length = large ? random.Next(LargePayloadMin, Ipv4Header.PayloadLengthMax + 1) : random.Next(9, SmallPayloadMax);
                    payloads[d] = new byte[length];
                    random.NextBytes(payloads[d]);
                    ids[d] = nextId++;
                    AddFragments(random, pieces, d, ids[d], payloads[d]);
                }
                Shuffle(random, pieces);

                var completions = new int[count];
                foreach (Piece piece in pieces)
                {
                    Assert.True(Ipv4Packet.TryCreate(piece.Bytes, out Ipv4Packet packet).IsOk);
                    ReassemblyResult result = reassembly.Accept(packet, now++, buffer);
                    Assert.Equal(ReassemblyDropReason.None, result.Reason);
                    if (result.Status != ReassemblyStatus.Complete)
                        continue;
                    Assert.Equal(payloads[piece.Datagram].Length, result.Length);
                    Assert.True(buffer.AsSpan(0, result.Length).SequenceEqual(payloads[piece.Datagram]));
                    completions[piece.Datagram]++;
                }
                for (int d = 0; d < count; d++)
                    Assert.True(completions[d] >= 1, "datagram " + d + " of batch " + batch + " never completed");

                // Fragments that came after a completion started leftovers; they time out.
                now += NetLimits.ReassemblyTimeoutNs;
                reassembly.Tick(now);
                Assert.Equal(0, reassembly.DatagramsInProgress);
                Assert.Equal(0, reassembly.BytesHeld);
            }
            Assert.Equal(0, reassembly.Counters.Dropped);
            return reassembly.Counters;
        }

        // A random cut of the whole payload, then overlapping extras and duplicates.
        private static void AddFragments(Random random, List<Piece> pieces, int datagram, ushort id, byte[] payload)
        {
            int length = payload.Length;
            // Fragments of 8 bytes up to 3.2 KB; a large datagram's are at least 512 bytes, which
            // keeps its fragment count (and the test's time) bounded.
            int unitsMax = length > SmallPayloadMax ? random.Next(64, 400) : random.Next(1, 400);
            int start = 0;
            while (true)
            {
                int piece = 8 * random.Next(1, unitsMax + 1);
                if (start == 0 && piece >= length)
                    piece = (length - 1) / 8 * 8; // at least two fragments: length >= 9
                if (start + piece >= length)
                {
                    pieces.Add(Make(datagram, id, payload, start, length - start, more: false));
                    break;
                }
                pieces.Add(Make(datagram, id, payload, start, piece, more: true));
                start += piece;
            }
            int extras = random.Next(0, 4);
            for (int i = 0; i < extras; i++)
                AddOverlap(random, pieces, datagram, id, payload);
            int duplicates = random.Next(0, 4);
            int cut = pieces.Count;
            for (int i = 0; i < duplicates; i++)
            {
                Piece original = pieces[random.Next(cut)];
                if (original.Datagram == datagram)
                    pieces.Add(new Piece { Datagram = datagram, Bytes = (byte[])original.Bytes.Clone() });
            }
        }

        // A fragment at a random unit boundary, of the same bytes: a middle one (MF set, whole
        // units, ending at or before the last whole unit) or a last one reaching the end.
        private static void AddOverlap(Random random, List<Piece> pieces, int datagram, ushort id, byte[] payload)
        {
            int length = payload.Length;
            int start = 8 * random.Next(1, (length - 1) / 8 + 1);
            if (random.Next(2) == 0)
            {
                pieces.Add(Make(datagram, id, payload, start, length - start, more: false));
                return;
            }
            int wholeUnitsEnd = length / 8 * 8;
            int end = Math.Min(start + 8 * random.Next(1, 200), wholeUnitsEnd);
            if (end > start)
                pieces.Add(Make(datagram, id, payload, start, end - start, more: true));
        }

        private static Piece Make(int datagram, ushort id, byte[] payload, int start, int length, bool more) =>
            new Piece { Datagram = datagram, Bytes = Fragments.Build(id, payload, start, length, more) };

        private static void Shuffle(Random random, List<Piece> pieces)
        {
            for (int i = pieces.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (pieces[i], pieces[j]) = (pieces[j], pieces[i]);
            }
        }
    }
}
