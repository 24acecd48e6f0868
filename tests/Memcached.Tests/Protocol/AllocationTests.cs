using System;
using Memcached.Protocol;
using OSv.Testing;
using Xunit;

namespace Memcached.Tests.Protocol
{
    // Style rule 4: the get path allocates nothing. Parsing a get and writing its whole reply
    // (VALUE line, data block, END), a set, and a refused line are measured with AllocationMeter
    // (its warm-up run lets the JIT and static constructors run).
    public class AllocationTests
    {
        private static readonly byte[] GetRequest = "get some:key\r\n"u8.ToArray();
        private static readonly byte[] SetRequest = "set some:key 7 0 5\r\nhello\r\n"u8.ToArray();
        private static readonly byte[] MetaRequest = "mg some:key v c f O99 T30\r\n"u8.ToArray();
        private static readonly byte[] BadRequest = "incr some:key nope\r\n"u8.ToArray();
        private static readonly byte[] Value = "hello"u8.ToArray();
        private static readonly byte[] Output = new byte[512];
        private static readonly byte[] ErrorOutput = new byte[64];

        private static int Round()
        {
            int total = 0;
            ParseResult result = CommandParser.TryParse(GetRequest, out Command command);
            Span<byte> output = Output;
            for (int index = 0; index < command.KeyCount; index++)
            {
                ReadOnlySpan<byte> key = command.GetKey(index).Of(GetRequest);
                ReplyWriter.TryWriteValue(output.Slice(total), key, 7, Value.Length, 12345, out int written);
                total += written;
                ReplyWriter.TryWriteDataBlock(output.Slice(total), Value, out written);
                total += written;
            }
            ReplyWriter.TryWrite(output.Slice(total), Reply.End, out int endWritten);
            total += endWritten + result.ConsumedBytes;

            total += CommandParser.TryParse(SetRequest, out command).ConsumedBytes + command.DataLength;
            total += CommandParser.TryParse(MetaRequest, out command).ConsumedBytes + command.MetaFlagCount;
            ParseResult refused = CommandParser.TryParse(BadRequest, out _);
            ReplyWriter.TryWriteMalformed(ErrorOutput, refused.Reason, out int errorWritten);
            return total + errorWritten;
        }

        [Fact]
        public void GetParseAndReply_Measured_AllocatesNothing()
        {
            int expected = Round();
            int total = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() =>
            {
                for (int round = 0; round < 100; round++)
                    total += Round();
            });
            Assert.Equal(0, allocated);
            Assert.Equal(expected * 100 * (1 + AllocationMeter.Windows), total);
            Assert.Equal("VALUE some:key 7 5 12345\r\nhello\r\nEND\r\n", System.Text.Encoding.ASCII.GetString(Output, 0, 38));
            Assert.Equal("CLIENT_ERROR invalid numeric delta argument\r\n",
                System.Text.Encoding.ASCII.GetString(ErrorOutput, 0, 45));
        }
    }
}
