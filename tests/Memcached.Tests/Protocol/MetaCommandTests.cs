using System.Collections.Generic;
using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // The meta commands: flag tokens captured as sent, and memcached 1.6.18's errors for bad ones
    // (each expectation read off the Debian daemon, unless marked otherwise).
    public class MetaCommandTests
    {
        private const string BadFormat = "CLIENT_ERROR bad command line format\r\n";

        [Fact]
        public void MetaGet_Flags_CapturedInOrder()
        {
            byte[] input = Bytes("mg foo v k c f t s h l O123 q T30 N90 R10 u\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.MetaGet, command.Opcode);
            Assert.Equal("foo", Text(input, command.Key));
            Assert.Equal(new List<string> { "v", "k", "c", "f", "t", "s", "h", "l", "O123", "q", "T30", "N90", "R10", "u" },
                MetaFlags(input, command));
            Assert.Equal((byte)'O', command.GetMetaFlag(8).FirstByte(input));
            Assert.False(command.NoReply); // q is the flag's business, not NoReply
        }

        [Fact]
        public void MetaGet_NoFlags_KeyOnly()
        {
            byte[] input = Bytes("mg foo\r\n");
            Command command = Parse(input);
            Assert.Equal(0, command.MetaFlagCount);
            Assert.Equal("foo", Text(input, command.Key));
        }

        [Fact]
        public void MetaGet_SeventeenFlags_Accepted()
        {
            Assert.Equal(17, Parse("mg k c f h k l O1 q s t u v N1 R1 T1 P L I\r\n").MetaFlagCount);
        }

        [Fact]
        public void MetaGet_Base64Key_MarkedBinary()
        {
            byte[] input = Bytes("mg Zm9v b v\r\n");
            Command command = Parse(input);
            Assert.True(command.KeyIsBase64);
            Assert.Equal("Zm9v", Text(input, command.Key));
        }

        [Fact]
        public void MetaSet_DataAndFlags_Recorded()
        {
            byte[] input = Bytes("ms foo 5 T90 F1 c k O9 MA I q\r\nhello\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.MetaSet, command.Opcode);
            Assert.Equal("foo", Text(input, command.Key));
            Assert.Equal(5, command.DataLength);
            Assert.Equal("hello", Text(command.Data(input)));
            Assert.Equal((byte)'A', command.MetaMode);
            Assert.Equal(new List<string> { "T90", "F1", "c", "k", "O9", "MA", "I", "q" }, MetaFlags(input, command));
        }

        [Theory]
        [InlineData("E")]
        [InlineData("A")]
        [InlineData("P")]
        [InlineData("R")]
        [InlineData("S")]
        public void MetaSet_EveryMode_Accepted(string mode)
        {
            Assert.Equal((byte)mode[0], Parse("ms k 1 M" + mode + "\r\nx\r\n").MetaMode);
        }

        [Fact]
        public void MetaSet_DataMissing_NeedMore()
        {
            ParseResult result = CommandParser.TryParse(Bytes("ms k 5 T1\r\nhel"), out Command command);
            Assert.Equal(ParseStatus.NeedMore, result.Status);
            Assert.Equal(11 + 5 + 2, result.BytesNeeded);
            Assert.Equal(Opcode.MetaSet, command.Opcode);
        }

        [Fact]
        public void MetaDelete_Flags_Captured()
        {
            byte[] input = Bytes("md foo q I T30 C99 O1 k\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.MetaDelete, command.Opcode);
            Assert.Equal(new List<string> { "q", "I", "T30", "C99", "O1", "k" }, MetaFlags(input, command));
        }

        [Theory]
        [InlineData("ma c\r\n", '\0')]
        [InlineData("ma c MI D5 v\r\n", 'I')]
        [InlineData("ma c M+ D5\r\n", '+')]
        [InlineData("ma c MD D18446744073709551615 J0 N0 t c\r\n", 'D')]
        [InlineData("ma c M-\r\n", '-')]
        public void MetaArithmetic_Modes_Recorded(string request, char mode)
        {
            Command command = Parse(request);
            Assert.Equal(Opcode.MetaArithmetic, command.Opcode);
            Assert.Equal((byte)mode, command.MetaMode);
        }

        [Theory]
        [InlineData("mn\r\n")]
        [InlineData("mn foo O123\r\n")] // memcached ignores mn's words
        public void MetaNoOp_AnyWords_Accepted(string request)
        {
            Command command = Parse(request);
            Assert.Equal(Opcode.MetaNoOp, command.Opcode);
            Assert.Equal(0, command.MetaFlagCount);
        }

        [Fact]
        public void MetaDebug_Key_Recorded()
        {
            byte[] input = Bytes("me foo\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.MetaDebug, command.Opcode);
            Assert.Equal("foo", Text(input, command.Key));
            Assert.False(command.KeyIsBase64);
        }

        [Fact]
        public void MetaDebug_Base64Key_MarkedBinary()
        {
            Assert.True(Parse("me Zm9v b\r\n").KeyIsBase64);
        }

        [Theory]
        [InlineData("mg\r\n")]
        [InlineData("ms\r\n")]
        [InlineData("md\r\n")]
        [InlineData("ma\r\n")]
        [InlineData("m\r\n")]
        public void Meta_NoKey_Error(string request)
        {
            Refuse(request, "ERROR\r\n");
        }

        [Fact]
        public void MetaDebug_NoKey_BadFormat()
        {
            Refuse("me\r\n", BadFormat);
        }

        [Theory]
        [InlineData("mg")]
        [InlineData("md")]
        [InlineData("ma")]
        [InlineData("me")]
        public void Meta_KeyOf251Bytes_BadFormat(string name)
        {
            Refuse(name + " " + new string('a', 251) + "\r\n", BadFormat);
        }

        [Theory]
        [InlineData("mg k v v\r\n", "CLIENT_ERROR duplicate flag\r\n")]
        [InlineData("mg k \xc3\r\n", "CLIENT_ERROR duplicate flag\r\n")] // a flag byte >= 127
        [InlineData("mg k z\r\n", "CLIENT_ERROR invalid flag\r\n")]
        [InlineData("mg k E5\r\n", "CLIENT_ERROR invalid flag\r\n")] // E and x came after 1.6.18
        [InlineData("mg k x\r\n", "CLIENT_ERROR invalid flag\r\n")]
        [InlineData("mg k Tabc\r\n", "CLIENT_ERROR bad token in command line format\r\n")]
        [InlineData("mg k T\r\n", "CLIENT_ERROR bad token in command line format\r\n")]
        [InlineData("mg k Cabc\r\n", "CLIENT_ERROR bad token in command line format\r\n")]
        [InlineData("mg k Fabc\r\n", "CLIENT_ERROR bad command line format\r\n")]
        [InlineData("mg k Jabc\r\n", "CLIENT_ERROR invalid numeric initial value\r\n")]
        [InlineData("mg k Dabc\r\n", "CLIENT_ERROR invalid numeric delta value\r\n")]
        [InlineData("mg k MEX\r\n", "CLIENT_ERROR incorrect length for M token\r\n")]
        [InlineData("mg k b\r\n", "CLIENT_ERROR error decoding key\r\n")]
        [InlineData("mg k Tabc Dabc\r\n", "CLIENT_ERROR invalid numeric delta value\r\n")] // the last failure's message
        [InlineData("mg k Dabc Tabc\r\n", "CLIENT_ERROR bad token in command line format\r\n")]
        [InlineData("mg k Tabc Fabc\r\n", "CLIENT_ERROR bad token in command line format\r\n")] // F keeps it
        [InlineData("mg k Tabc z\r\n", "CLIENT_ERROR invalid flag\r\n")]
        [InlineData("mg k O12345678901234567890123456789012\r\n", "CLIENT_ERROR opaque token too long\r\n")]
        [InlineData("mg k c f h k l O1 q s t u v N1 R1 T1 P L I C1\r\n", "CLIENT_ERROR options flags are too long\r\n")]
        public void MetaGet_BadFlags_MemcachedMessage(string request, string reply)
        {
            Refuse(request, reply);
        }

        [Fact]
        public void MetaGet_OpaqueOf32Bytes_Accepted()
        {
            Assert.Equal(1, Parse("mg k O1234567890123456789012345678901\r\n").MetaFlagCount);
        }

        [Theory]
        [InlineData("md k z\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n")]
        [InlineData("md k Tabc\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n")]
        [InlineData("md k q q\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n")]
        [InlineData("md k O12345678901234567890123456789012\r\n", "CLIENT_ERROR opaque token too long\r\n")]
        [InlineData("md k c f h k l O1 q s t u v N1 R1 T1 P L I C1\r\n", "CLIENT_ERROR options flags too long\r\n")]
        [InlineData("ma k z\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n")]
        [InlineData("ma k Dabc\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n")]
        [InlineData("ma k MX\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n")]
        [InlineData("ma k O12345678901234567890123456789012\r\n", "CLIENT_ERROR opaque token too long\r\n")]
        [InlineData("ma k c f h k l O1 q s t u v N1 R1 T1 P L I C1\r\n", "CLIENT_ERROR options flags too long\r\n")]
        [InlineData("me k b\r\n", "CLIENT_ERROR bad command line format\r\n")]
        public void MetaDeleteAndArithmetic_BadFlags_MemcachedMessage(string request, string reply)
        {
            Refuse(request, reply);
        }

        [Theory]
        [InlineData("ms k\r\n", "CLIENT_ERROR bad command line format\r\n")]
        [InlineData("ms k abc\r\n", "CLIENT_ERROR bad command line format\r\n")]
        [InlineData("ms k -1\r\n", "CLIENT_ERROR bad command line format\r\n")]
        [InlineData("ms k 2147483647 z\r\n", "CLIENT_ERROR bad command line format\r\n")]
        [InlineData("ms k 2 c f h k l O1 q s t u v N1 R1 T1 P L I\r\n", "CLIENT_ERROR options flags too long\r\n")]
        public void MetaSet_BadLineBeforeFlags_BlockNotSwallowed(string line, string reply)
        {
            // memcached reads the block as the next command ("ERROR").
            ParseResult result = Refuse(Bytes(line + "xx\r\n"), reply, false, line.Length);
            Assert.Equal(0, result.DiscardBytes);
        }

        [Theory]
        [InlineData("ms k 2 z\r\n", "CLIENT_ERROR invalid flag\r\n")]
        [InlineData("ms k 2 b\r\n", "CLIENT_ERROR error decoding key\r\n")]
        [InlineData("ms k 2 Fabc\r\n", "CLIENT_ERROR bad command line format\r\n")]
        [InlineData("ms k 2 F4294967296\r\n", "CLIENT_ERROR bad command line format\r\n")] // departure: memcached truncates
        [InlineData("ms k 2 MX\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n")]
        [InlineData("ms k 2 MX O123456789012345678901234567890123\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n")]
        [InlineData("ms k 2 O123456789012345678901234567890123\r\n", "CLIENT_ERROR opaque token too long\r\n")]
        [InlineData("ms k 2 q z\r\n", "CLIENT_ERROR invalid flag\r\n")] // meta errors ignore q
        public void MetaSet_BadFlags_BlockSwallowed(string line, string reply)
        {
            byte[] input = Bytes(line + "xx\r\nmn\r\n");
            ParseResult result = Refuse(input, reply, false, line.Length);
            Assert.Equal(4, result.DiscardBytes);
        }

        [Fact]
        public void MetaSet_BlockNotEndedByCrLf_BadDataChunkEvenWhenQuiet()
        {
            Refuse(Bytes("ms k 2 q\r\nxxx\r\n"), "CLIENT_ERROR bad data chunk\r\n", false, 14);
        }
    }
}
