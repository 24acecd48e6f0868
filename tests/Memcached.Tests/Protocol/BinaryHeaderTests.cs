using System;
using Memcached.Protocol;
using Xunit;

namespace Memcached.Tests.Protocol
{
    public class BinaryHeaderTests
    {
        [Fact]
        public void TryRead_ShortSpan_ReturnsFalse()
        {
            Assert.False(BinaryHeader.TryRead(new byte[BinaryHeader.Bytes - 1], out _));
        }

        [Fact]
        public void TryRead_Fields_BigEndian()
        {
            // A getk request for "k": vbucket 0x0a0b, opaque 0x01020304, CAS 0x1122334455667788.
            byte[] packet = Convert.FromHexString("800c00010000" + "0a0b" + "00000001" + "01020304" + "1122334455667788" + "6b");
            Assert.True(BinaryHeader.TryRead(packet, out BinaryHeader header));
            Assert.Equal(0x80, header.Magic);
            Assert.Equal(BinaryOpcode.GetK, header.Opcode);
            Assert.Equal(1, header.KeyLength);
            Assert.Equal(0, header.ExtrasLength);
            Assert.Equal(0, header.DataType);
            Assert.Equal(0x0a0b, header.VBucketOrStatus);
            Assert.Equal(1u, header.BodyLength);
            Assert.Equal(0x01020304u, header.Opaque);
            Assert.Equal(0x1122334455667788ul, header.Cas);
            Assert.Equal(0, header.ValueLength);
            Assert.Equal(25, header.PacketLength);
        }

        [Fact]
        public void Response_Written_AsMemcachedsGetHitHeader()
        {
            var header = BinaryHeader.Response(BinaryOpcode.Get, BinaryStatus.NoError, 0, 4, 7, 9, 0x70);
            var written = new byte[BinaryHeader.Bytes];
            Assert.True(header.TryWrite(written));
            // memcached 1.6.18's header for a get of a 3-byte value, opaque 9, CAS 0x70.
            Assert.Equal("810000000400000000000007000000090000000000000070", Convert.ToHexString(written).ToLowerInvariant());
        }

        [Fact]
        public void TryWrite_ShortDestination_ReturnsFalseWritesNothing()
        {
            var destination = new byte[BinaryHeader.Bytes - 1];
            Assert.False(BinaryHeader.Response(BinaryOpcode.NoOp, BinaryStatus.NoError, 0, 0, 0, 1, 1).TryWrite(destination));
            Assert.All(destination, b => Assert.Equal(0, b));
        }

        [Fact]
        public void WrittenThenRead_SameFields()
        {
            var original = new BinaryHeader(0x80, BinaryOpcode.Increment, 300, 20, 0, 7, 320, 0xffffffff, ulong.MaxValue);
            var bytes = new byte[BinaryHeader.Bytes];
            original.TryWrite(bytes);
            Assert.True(BinaryHeader.TryRead(bytes, out BinaryHeader read));
            Assert.Equal(original, read);
        }

        [Fact]
        public void ValueLength_BodyShorterThanKeyAndExtras_IsNegative()
        {
            var header = new BinaryHeader(0x80, BinaryOpcode.Set, 5, 8, 0, 0, 10, 0, 0);
            Assert.Equal(-3, header.ValueLength);
        }

        [Fact]
        public void StatusMessages_AreMemcachedsErrorBodies()
        {
            Assert.Equal("Not found", Text(BinaryStatus.KeyNotFound));
            Assert.Equal("Data exists for key.", Text(BinaryStatus.KeyExists));
            Assert.Equal("Too large.", Text(BinaryStatus.TooLarge));
            Assert.Equal("Invalid arguments", Text(BinaryStatus.InvalidArguments));
            Assert.Equal("Not stored.", Text(BinaryStatus.NotStored));
            Assert.Equal("Non-numeric server-side value for incr or decr", Text(BinaryStatus.DeltaBadValue));
            Assert.Equal("Unknown command", Text(BinaryStatus.UnknownCommand));
            Assert.Equal("Out of memory", Text(BinaryStatus.OutOfMemory));
            Assert.Equal("", Text(BinaryStatus.NoError));
        }

        [Fact]
        public void MessageBytesMax_IsTheLongestMessage()
        {
            int longest = 0;
            foreach (BinaryStatus status in Enum.GetValues<BinaryStatus>())
                longest = Math.Max(longest, BinaryStatusText.MessageOf(status).Length);
            Assert.Equal(BinaryStatusText.MessageBytesMax, longest);
        }

        [Theory]
        [InlineData(BinaryOpcode.GetQ, BinaryOpcode.Get)]
        [InlineData(BinaryOpcode.GetKQ, BinaryOpcode.GetK)]
        [InlineData(BinaryOpcode.SetQ, BinaryOpcode.Set)]
        [InlineData(BinaryOpcode.AddQ, BinaryOpcode.Add)]
        [InlineData(BinaryOpcode.ReplaceQ, BinaryOpcode.Replace)]
        [InlineData(BinaryOpcode.DeleteQ, BinaryOpcode.Delete)]
        [InlineData(BinaryOpcode.IncrementQ, BinaryOpcode.Increment)]
        [InlineData(BinaryOpcode.DecrementQ, BinaryOpcode.Decrement)]
        [InlineData(BinaryOpcode.QuitQ, BinaryOpcode.Quit)]
        [InlineData(BinaryOpcode.FlushQ, BinaryOpcode.Flush)]
        [InlineData(BinaryOpcode.AppendQ, BinaryOpcode.Append)]
        [InlineData(BinaryOpcode.PrependQ, BinaryOpcode.Prepend)]
        [InlineData(BinaryOpcode.GatQ, BinaryOpcode.Gat)]
        [InlineData(BinaryOpcode.GatKQ, BinaryOpcode.GatK)]
        public void Loud_QuietOpcode_IsItsTwin(BinaryOpcode quiet, BinaryOpcode loud)
        {
            Assert.Equal(loud, BinaryOpcodes.Loud(quiet));
            Assert.True(BinaryOpcodes.IsQuiet(quiet));
            Assert.False(BinaryOpcodes.IsQuiet(loud));
        }

        private static string Text(BinaryStatus status) =>
            System.Text.Encoding.ASCII.GetString(BinaryStatusText.MessageOf(status));
    }
}
