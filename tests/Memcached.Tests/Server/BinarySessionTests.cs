// Binary protocol behaviours that the daemon transcripts (BinaryConformanceTests) cannot pin
// down byte for byte: our version string, statistics whose values differ between servers,
// values over the item size limit (megabytes of transcript), our one departure (an unknown
// opcode's body skipped exactly), replies that back up, and allocation.
using System;
using System.Collections.Generic;
using System.Text;
using Memcached.Protocol;
using Memcached.Server;
using Xunit;

namespace Memcached.Tests.Server
{
    internal static class BinaryPackets
    {
        public static byte[] Request(BinaryOpcode opcode, string key = "", byte[]? extras = null, byte[]? value = null,
            uint opaque = 0, ulong cas = 0)
        {
            extras ??= Array.Empty<byte>();
            value ??= Array.Empty<byte>();
            byte[] keyBytes = Encoding.Latin1.GetBytes(key);
            var packet = new byte[BinaryHeader.Bytes + extras.Length + keyBytes.Length + value.Length];
            new BinaryHeader(BinaryHeader.RequestMagic, opcode, (ushort)keyBytes.Length, (byte)extras.Length, 0, 0,
                (uint)(packet.Length - BinaryHeader.Bytes), opaque, cas).TryWrite(packet);
            extras.CopyTo(packet, BinaryHeader.Bytes);
            keyBytes.CopyTo(packet, BinaryHeader.Bytes + extras.Length);
            value.CopyTo(packet, BinaryHeader.Bytes + extras.Length + keyBytes.Length);
            return packet;
        }

        public static byte[] Set(BinaryOpcode opcode, string key, byte[] value, uint flags = 0, uint expiration = 0)
        {
            var extras = new byte[8];
            BinaryHeader.WriteUInt32(extras, 0, flags);
            BinaryHeader.WriteUInt32(extras, 4, expiration);
            return Request(opcode, key, extras, value);
        }

        public static string Hex(string reply) => Convert.ToHexString(Encoding.Latin1.GetBytes(reply)).ToLowerInvariant();

        // Splits a run of responses into (header, key, value) by their headers.
        public static List<(BinaryHeader Header, string Key, string Value)> Responses(string reply)
        {
            byte[] bytes = Encoding.Latin1.GetBytes(reply);
            var responses = new List<(BinaryHeader, string, string)>();
            int offset = 0;
            while (offset < bytes.Length)
            {
                Assert.True(BinaryHeader.TryRead(bytes.AsSpan(offset), out BinaryHeader header));
                int keyAt = offset + BinaryHeader.Bytes + header.ExtrasLength;
                int valueAt = keyAt + header.KeyLength;
                int end = offset + (int)header.PacketLength;
                responses.Add((header, Encoding.Latin1.GetString(bytes, keyAt, header.KeyLength),
                    Encoding.Latin1.GetString(bytes, valueAt, end - valueAt)));
                offset = end;
            }
            return responses;
        }
    }

    public class BinarySessionTests
    {
        // memcached 1.6.18's reply to a set/add whose value exceeds the item size limit.
        private const string TooLargeSetReply = "81010000000000030000000a000000000000000000000000546f6f206c617267652e";
        private const string TooLargeAddReply = "81020000000000030000000a000000000000000000000000546f6f206c617267652e";
        private const string GetNotFoundReply = "8100000000000001000000090000000000000000000000004e6f7420666f756e64";
        private const string NoOpReply = "810a00000000000000000000000000000000000000000000";

        [Fact]
        public void Version_RepliesOurVersionString()
        {
            var harness = new SessionHarness();
            string reply = harness.Send(BinaryPackets.Request(BinaryOpcode.Version, opaque: 9));
            Assert.Equal("810b0000000000000000000a00000009000000000000000031" + "2e362e31382d6f7376", BinaryPackets.Hex(reply));
        }

        [Fact]
        public void Stat_General_OneResponsePerStatThenEmptyTerminator()
        {
            var harness = new SessionHarness();
            harness.Send(BinaryPackets.Set(BinaryOpcode.Set, "k", new byte[] { 1 }));
            var responses = BinaryPackets.Responses(harness.Send(BinaryPackets.Request(BinaryOpcode.Stat, opaque: 77)));
            Assert.Equal(("pid", "1"), (responses[0].Key, responses[0].Value));
            Assert.Contains(responses, r => r.Key == "cmd_set" && r.Value == "1");
            Assert.Contains(responses, r => r.Key == "version" && r.Value == "1.6.18-osv");
            var last = responses[^1];
            Assert.Equal(0u, last.Header.BodyLength);
            Assert.Equal(0, last.Header.KeyLength);
            Assert.All(responses, r => Assert.Equal(77u, r.Header.Opaque));
            Assert.All(responses, r => Assert.Equal(BinaryOpcode.Stat, r.Header.Opcode));
            Assert.All(responses, r => Assert.Equal(BinaryHeader.ResponseMagic, r.Header.Magic));
        }

        [Fact]
        public void Stat_Settings_ReportsItemSizeMax()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 2048 });
            var responses = BinaryPackets.Responses(harness.Send(BinaryPackets.Request(BinaryOpcode.Stat, "settings")));
            Assert.Contains(responses, r => r.Key == "item_size_max" && r.Value == "2048");
            Assert.Equal(0u, responses[^1].Header.BodyLength);
        }

        [Fact]
        public void Stat_Slabs_NamesClassFieldsLikeTheTextReport()
        {
            var harness = new SessionHarness();
            harness.Send(BinaryPackets.Set(BinaryOpcode.Set, "k", new byte[] { 1 }));
            var responses = BinaryPackets.Responses(harness.Send(BinaryPackets.Request(BinaryOpcode.Stat, "slabs")));
            Assert.Contains(responses, r => r.Key == "active_slabs" && r.Value == "1");
            Assert.Equal(0u, responses[^1].Header.BodyLength);
        }

        [Fact]
        public void Stat_Items_CountsTheItem()
        {
            var harness = new SessionHarness();
            harness.Send(BinaryPackets.Set(BinaryOpcode.Set, "k", new byte[] { 1 }));
            var responses = BinaryPackets.Responses(harness.Send(BinaryPackets.Request(BinaryOpcode.Stat, "items")));
            Assert.Contains(responses, r => r.Key.StartsWith("items:") && r.Key.EndsWith(":number") && r.Value == "1");
        }

        [Fact]
        public void SetTooLarge_RefusedValueSwallowedOldValueRemoved()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            harness.Send(BinaryPackets.Set(BinaryOpcode.Set, "big", new byte[] { 1 }));
            byte[] request = BinaryPackets.Set(BinaryOpcode.Set, "big", new byte[5000]);
            Assert.Equal(TooLargeSetReply, BinaryPackets.Hex(harness.Send(request, 700)));
            Assert.Equal(GetNotFoundReply, BinaryPackets.Hex(harness.Send(BinaryPackets.Request(BinaryOpcode.Get, "big"))));
        }

        [Fact]
        public void SetTooLarge_NeverBuffersTheValue()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            byte[] request = BinaryPackets.Set(BinaryOpcode.Set, "big", new byte[1_000_000]);
            Assert.Equal(TooLargeSetReply, BinaryPackets.Hex(harness.Send(request, 4096)));
            Assert.True(harness.Session.ReceiveSpace.Length <= ServerLimits.InputBufferInitialBytes);
        }

        [Fact]
        public void AddTooLarge_KeepsOldValue()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            harness.Send(BinaryPackets.Set(BinaryOpcode.Set, "big", new byte[] { 0x6f }));
            Assert.Equal(TooLargeAddReply, BinaryPackets.Hex(harness.Send(BinaryPackets.Set(BinaryOpcode.Add, "big", new byte[2000]))));
            Assert.Equal("81000000040000000000000500000000000000000000000100000000" + "6f",
                BinaryPackets.Hex(harness.Send(BinaryPackets.Request(BinaryOpcode.Get, "big"))));
        }

        [Fact]
        public void SetQTooLarge_StillAnswered()
        {
            var harness = new SessionHarness(new ServerSettings { MemoryMegabytes = 8, ItemSizeMax = 1024 });
            byte[] request = Concat(BinaryPackets.Set(BinaryOpcode.SetQ, "big", new byte[3000]), BinaryPackets.Request(BinaryOpcode.NoOp));
            Assert.Equal("81110000000000030000000a000000000000000000000000546f6f206c617267652e" + NoOpReply,
                BinaryPackets.Hex(harness.Send(request, 5)));
        }

        [Fact]
        public void UnknownOpcodeWithBody_SkipsExactlyTheBody()
        {
            var harness = new SessionHarness();
            byte[] unknown = BinaryPackets.Request((BinaryOpcode)0x50, "ab", null, new byte[] { 1, 2, 3 });
            string reply = harness.Send(Concat(unknown, BinaryPackets.Request(BinaryOpcode.NoOp)));
            Assert.Equal("81500000000000810000000f000000000000000000000000556e6b6e6f776e20636f6d6d616e64" + NoOpReply,
                BinaryPackets.Hex(reply));
        }

        [Fact]
        public void StatWithBodyBeyondKey_SkipsTheRest()
        {
            var harness = new SessionHarness();
            byte[] stat = BinaryPackets.Request(BinaryOpcode.Stat, "nope", null, new byte[] { 0x80, 0x0a });
            string reply = harness.Send(Concat(stat, BinaryPackets.Request(BinaryOpcode.NoOp)));
            Assert.Equal("8110000000000001000000090000000000000000000000004e6f7420666f756e64" + NoOpReply, BinaryPackets.Hex(reply));
        }

        [Fact]
        public void PipelinedLargeGets_BackUpAndResumeWithEveryValue()
        {
            var harness = new SessionHarness();
            byte[] value = new byte[100_000];
            value.AsSpan().Fill(0x76);
            harness.Send(BinaryPackets.Set(BinaryOpcode.Set, "v", value));
            var request = new List<byte>();
            for (int i = 0; i < 5; i++)
                request.AddRange(BinaryPackets.Request(BinaryOpcode.GetK, "v", opaque: (uint)i));
            var responses = BinaryPackets.Responses(harness.Send(request.ToArray()));
            Assert.Equal(5, responses.Count);
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal((uint)i, responses[i].Header.Opaque);
                Assert.Equal(100_000 + 4 + 1, (int)responses[i].Header.BodyLength);
            }
        }

        [Fact]
        public void IncrCreatedCounter_HasFlagsZeroAndInitialText()
        {
            var harness = new SessionHarness();
            var extras = new byte[20];
            BinaryHeader.WriteUInt64(extras, 0, 3);
            BinaryHeader.WriteUInt64(extras, 8, 42);
            harness.Send(BinaryPackets.Request(BinaryOpcode.Increment, "n", extras));
            Assert.Equal("VALUE n 0 2\r\n42\r\nEND\r\n", new SessionHarness(harness.Cache).Send("get n\r\n"));
        }

        private static byte[] Concat(byte[] first, byte[] second)
        {
            var joined = new byte[first.Length + second.Length];
            first.CopyTo(joined, 0);
            second.CopyTo(joined, first.Length);
            return joined;
        }
    }
}
