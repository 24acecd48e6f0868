using System;
using System.Collections.Generic;
using System.Linq;
using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // Several requests in one buffer, and the same bytes arriving split anywhere: the parser
    // consumes exactly one request per call, asks for more on every incomplete prefix, and gives
    // the same sequence of results however the stream is cut.
    public class PipeliningTests
    {
        // One of everything, including refused requests that consume a line, a block, or discard
        // a meta set's block.
        private const string Stream =
            "set a 1 0 5\r\nhello\r\n" +
            "get a b\r\n" +
            "gets a\r\n" +
            "gat 10 a\r\n" +
            "append a 0 0 3 noreply\r\n\r\nx\r\n" +
            "cas a 0 0 2 77\r\nhi\r\n" +
            "incr n 5\r\n" +
            "decr n 18446744073709551615 noreply\n" +
            "touch a 60\r\n" +
            "delete a 0\r\n" +
            "bogus line\r\n" +
            "set b 0 0 2\r\nxyz\r\n" +
            "set c abc 0 1\r\n" +
            "mg a v c O77\r\n" +
            "ms a 3 T5 F2\r\nabc\r\n" +
            "ms a 3 z\r\nabc\r\n" +
            "md a q\r\n" +
            "ma n MD D2\r\n" +
            "me a\r\n" +
            "mn\r\n" +
            "flush_all 10 noreply\r\n" +
            "verbosity 1\r\n" +
            "stats slabs\r\n" +
            "version\r\n" +
            "quit\r\n";

        private static List<string> WholeStream() => Receive(Bytes(Stream), new int[0]);

        [Fact]
        public void Pipeline_OneBuffer_EveryRequestInOrder()
        {
            List<string> results = WholeStream();
            Assert.Equal(26, results.Count);
            Assert.StartsWith("Set keys [a] flags 1", results[0]);
            Assert.EndsWith("data 'hello'", results[0]);
            Assert.StartsWith("Get keys [a,b]", results[1]);
            Assert.StartsWith("Append keys [a]", results[4]);
            Assert.Contains("noreply True", results[4]);
            Assert.EndsWith("data '\r\nx'", results[4]);
            Assert.Equal("malformed UnknownCommand discard 0", results[10]);
            Assert.Equal("malformed BadDataChunk discard 0", results[11]);
            // The chunk check took "xy" and "z\r": the "\n" left is an empty line.
            Assert.Equal("malformed UnknownCommand discard 0", results[12]);
            Assert.Equal("malformed BadFlags discard 0", results[13]);
            Assert.StartsWith("MetaGet keys [a]", results[14]);
            Assert.EndsWith("meta [v,c,O77]", results[14]);
            Assert.Equal("malformed MetaInvalidFlag discard 5", results[16]);
            Assert.StartsWith("Quit", results[25]);
        }

        [Fact]
        public void Pipeline_SplitAtEveryByte_SameResults()
        {
            List<string> expected = WholeStream();
            byte[] stream = Bytes(Stream);
            for (int split = 1; split < stream.Length; split++)
                Assert.Equal(expected, Receive(stream, new[] { split }));
        }

        [Fact]
        public void Pipeline_OneByteAtATime_SameResults()
        {
            byte[] stream = Bytes(Stream);
            Assert.Equal(WholeStream(), Receive(stream, Enumerable.Range(1, stream.Length)));
        }

        [Theory]
        [InlineData("get foo\r\n")]
        [InlineData("gat 1 a b c\r\n")]
        [InlineData("set k 0 0 5\r\nab\r\nc\r\n")]
        [InlineData("cas k 0 0 1 5 noreply\nx\r\n")]
        [InlineData("incr k 1\r\n")]
        [InlineData("delete k noreply\r\n")]
        [InlineData("ms k 2 T1\r\nab\r\n")]
        [InlineData("mg k v\r\n")]
        [InlineData("mn\r\n")]
        [InlineData("stats\r\n")]
        public void Request_EveryProperPrefix_NeedMoreThenParsed(string request)
        {
            byte[] input = Bytes(request);
            for (int length = 0; length < input.Length; length++)
            {
                ParseResult partial = CommandParser.TryParse(input.AsSpan(0, length), out _);
                Assert.Equal(ParseStatus.NeedMore, partial.Status);
                Assert.Equal(0, partial.ConsumedBytes);
            }
            Parse(input);
        }

        [Fact]
        public void Request_FollowedByAnother_ConsumesOnlyItself()
        {
            byte[] input = Bytes("set k 0 0 1\r\nx\r\nget k\r\n");
            ParseResult result = CommandParser.TryParse(input, out Command command);
            Assert.Equal(ParseStatus.Parsed, result.Status);
            Assert.Equal(16, result.ConsumedBytes);
            Assert.Equal(Opcode.Set, command.Opcode);
            result = CommandParser.TryParse(input.AsSpan(16), out command);
            Assert.Equal(7, result.ConsumedBytes);
            Assert.Equal(Opcode.Get, command.Opcode);
        }

        [Fact]
        public void MetaSet_RefusedWithLineOnly_DiscardSpansLaterReceives()
        {
            // The refusal comes as soon as the line is in; the block is discarded as it arrives.
            byte[] stream = Bytes("ms k 6 z\r\nabcdef\r\nmn\r\n");
            ParseResult result = CommandParser.TryParse(stream.AsSpan(0, 10), out _);
            Assert.Equal(ParseStatus.Malformed, result.Status);
            Assert.Equal(10, result.ConsumedBytes);
            Assert.Equal(8, result.DiscardBytes);
            Assert.Equal(new List<string> { "malformed MetaInvalidFlag discard 8", Receive(Bytes("mn\r\n"), new int[0])[0] },
                Receive(stream, new[] { 10, 12 }));
        }
    }
}
