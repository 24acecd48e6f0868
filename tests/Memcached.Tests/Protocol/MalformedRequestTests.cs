using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // Refused classic requests: the exact reply line, whether noreply hides it, and what is
    // consumed. Unless marked otherwise, each expectation was read off memcached 1.6.18 (Debian
    // bookworm's package) answering the same bytes on a socket.
    public class MalformedRequestTests
    {
        private const string Error = "ERROR\r\n";
        private const string BadFormat = "CLIENT_ERROR bad command line format\r\n";

        [Theory]
        [InlineData("bogus\r\n")]
        [InlineData("GET k\r\n")] // names are case-sensitive
        [InlineData("x\r\n")]     // shorter than any command
        [InlineData("\r\n")]      // no words at all
        [InlineData("\n")]
        [InlineData("   \r\n")]
        [InlineData("gettt k\r\n")]
        [InlineData("mx k\r\n")]  // not a meta command
        [InlineData("bget k\r\n")] // memcached's undocumented alias: departure, unknown here
        [InlineData("slabs reassign 1 2\r\n")] // not served: departure
        public void Command_UnknownName_Error(string request)
        {
            Assert.Equal(MalformedReason.UnknownCommand, Refuse(request, Error).Reason);
        }

        [Theory]
        [InlineData("get\r\n")]
        [InlineData("get \r\n")]
        [InlineData("gat\r\n")]
        [InlineData("set k 0 0\r\n")]
        [InlineData("set k 0 0 1 noreply extra\r\n")]
        [InlineData("cas k 0 0 3\r\n")] // no <cas unique>
        [InlineData("incr k\r\n")]
        [InlineData("incr k 1 2 3\r\n")]
        [InlineData("delete\r\n")]
        [InlineData("delete k a b c\r\n")]
        [InlineData("touch k\r\n")]
        [InlineData("flush_all 1 2 3\r\n")]
        [InlineData("verbosity\r\n")]
        [InlineData("verbosity 1 2 3\r\n")]
        public void Command_WrongWordCount_Error(string request)
        {
            Assert.Equal(MalformedReason.WrongTokenCount, Refuse(request, Error).Reason);
        }

        [Fact]
        public void Set_WrongWordCountWithNoreply_StillAnswered()
        {
            // The word count is checked before memcached looks for noreply.
            Refuse("set k abc 0 3 noreply extra\r\n", Error);
        }

        [Fact]
        public void Set_MoreWordsThanMemcachedTokenizes_Error()
        {
            // memcached keeps 23 words; a 24-word set counts as too many, whatever comes last.
            string words = "set k 0 0 1";
            for (int index = 0; index < 20; index++)
                words += " x";
            Refuse(words + "\r\n", Error);
        }

        [Theory]
        [InlineData("stats bogus\r\n")]
        [InlineData("stats reset\r\n")]  // memcached answers RESET: departure
        [InlineData("stats sizes\r\n")]  // memcached serves it: departure
        public void Stats_GroupNotServed_Error(string request)
        {
            Assert.Equal(MalformedReason.UnsupportedStatsGroup, Refuse(request, Error).Reason);
        }

        [Fact]
        public void Get_KeyOf251Bytes_BadFormat()
        {
            Assert.Equal(MalformedReason.KeyTooLong, Refuse("get " + new string('a', 251) + "\r\n", BadFormat).Reason);
        }

        [Fact]
        public void Get_LaterKeyTooLong_WholeRequestRefused()
        {
            Refuse("get a b " + new string('c', 251) + " d\r\n", BadFormat);
        }

        [Theory]
        [InlineData("get a\tb\r\n", "a\tb")]
        [InlineData("get a\x01b\r\n", "a\x01b")]
        [InlineData("get \x10\x10key\x7f\r\n", "\x10\x10key\x7f")]
        [InlineData("get k\r\r\n", "k\r")] // only one "\r" is the line end's
        public void Get_KeyWithControlCharacter_AcceptedAsMemcachedDoes(string request, string key)
        {
            byte[] input = Bytes(request);
            ParseResult result = CommandParser.TryParse(input, out Command command);
            Assert.Equal(ParseStatus.Parsed, result.Status);
            Assert.Equal(Bytes(key), command.GetKey(0).Of(input).ToArray());
        }

        [Fact]
        public void Get_OneKeyMoreThanKeysPerRequestMax_ServerError()
        {
            // Guessed reply: memcached serves any number of keys.
            string keys = "";
            for (int index = 0; index <= Limits.KeysPerRequestMax; index++)
                keys += " k";
            ParseResult result = Refuse("get" + keys + "\r\n", "SERVER_ERROR too many keys\r\n");
            Assert.Equal(ReplyKind.ServerError, result.ReplyKind);
        }

        [Theory]
        [InlineData("gat abc k\r\n")]
        [InlineData("gats 10x k\r\n")]
        [InlineData("gat 2147483648 k\r\n")] // departure: memcached truncates to 32 bits
        public void Gat_BadExptime_InvalidExptime(string request)
        {
            Refuse(request, "CLIENT_ERROR invalid exptime argument\r\n");
        }

        [Theory]
        [InlineData("set k abc 0 3\r\n", MalformedReason.BadFlags)]
        [InlineData("set k -1 0 3\r\n", MalformedReason.BadFlags)]
        [InlineData("set k 4294967296 0 3\r\n", MalformedReason.BadFlags)] // departure: memcached truncates
        [InlineData("set k 0 1x 3\r\n", MalformedReason.BadExptime)]
        [InlineData("set k 0 0 -1\r\n", MalformedReason.BadDataLength)]
        [InlineData("set k 0 0 0x3\r\n", MalformedReason.BadDataLength)]
        [InlineData("set k 0 0 2147483646\r\n", MalformedReason.BadDataLength)] // vlen + 2 would overflow
        [InlineData("set k 0 0 4294967299\r\n", MalformedReason.BadDataLength)] // departure: memcached truncates
        [InlineData("cas k 0 0 3 x\r\n", MalformedReason.BadCasUnique)]
        [InlineData("cas k 0 0 3 -1\r\n", MalformedReason.BadCasUnique)]
        [InlineData("cas k 0 0 3 18446744073709551616\r\n", MalformedReason.BadCasUnique)]
        public void Storage_BadNumberOrKey_BadFormatAndLineOnly(string line, MalformedReason reason)
        {
            // Only the line is consumed: memcached reads the data block as the next command.
            byte[] input = Bytes(line + "bar\r\n");
            ParseResult result = Refuse(input, BadFormat, false, line.Length);
            Assert.Equal(reason, result.Reason);
            Assert.Equal(0, result.DiscardBytes);
        }

        [Fact]
        public void Storage_KeyOf251Bytes_BadFormat()
        {
            Refuse("set " + new string('k', 251) + " 0 0 1\r\n", BadFormat);
        }

        [Theory]
        [InlineData("set k abc 0 3 noreply\r\n")]
        [InlineData("set k 0 0 -1 noreply\r\n")]
        [InlineData("replace k 0 0x1 1 noreply\r\n")]
        public void Storage_BadLineWithNoreply_Suppressed(string request)
        {
            Refuse(request, BadFormat, suppressed: true);
        }

        [Theory]
        [InlineData("set k 0 0 3\r\nbarx\r\n", 18)] // the block and the two bytes after it go
        [InlineData("set k 0 0 3\r\nba\r\n\r\n", 18)]
        [InlineData("set k 0 0 1\r\nx\nget k\r\n", 16)]
        public void Storage_BlockNotEndedByCrLf_BadDataChunk(string request, int consumed)
        {
            Refuse(Bytes(request), "CLIENT_ERROR bad data chunk\r\n", false, consumed);
        }

        [Fact]
        public void Storage_BadDataChunkWithNoreply_Suppressed()
        {
            Refuse(Bytes("set k 0 0 3 noreply\r\nbarx\r\n"), "CLIENT_ERROR bad data chunk\r\n", true, 26);
        }

        [Theory]
        [InlineData("incr k abc\r\n", false)]
        [InlineData("incr k -1\r\n", false)]
        [InlineData("decr k 18446744073709551616\r\n", false)]
        [InlineData("incr k 0x5\r\n", false)]
        [InlineData("incr k abc noreply\r\n", true)]
        public void Arithmetic_BadDelta_InvalidDelta(string request, bool suppressed)
        {
            Refuse(request, "CLIENT_ERROR invalid numeric delta argument\r\n", suppressed);
        }

        [Theory]
        [InlineData("delete k 1\r\n", false)]
        [InlineData("delete k 0 0\r\n", false)]
        [InlineData("delete k 1 noreply\r\n", true)]
        public void Delete_HoldTimeNotZero_Usage(string request, bool suppressed)
        {
            Refuse(request, "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n", suppressed);
        }

        [Theory]
        [InlineData("touch k abc\r\n", false)]
        [InlineData("touch k 5x\r\n", false)]
        [InlineData("touch k abc noreply\r\n", true)]
        [InlineData("flush_all abc\r\n", false)]
        [InlineData("flush_all noreply 10\r\n", false)]
        [InlineData("flush_all abc noreply\r\n", true)]
        public void Exptime_NotANumber_InvalidExptime(string request, bool suppressed)
        {
            Refuse(request, "CLIENT_ERROR invalid exptime argument\r\n", suppressed);
        }

        [Theory]
        [InlineData("verbosity abc\r\n", false)]
        [InlineData("verbosity noreply\r\n", true)] // "noreply" is the level, and hides the error
        public void Verbosity_BadLevel_BadFormat(string request, bool suppressed)
        {
            Refuse(request, BadFormat, suppressed);
        }

        [Fact]
        public void Line_OverLineLengthMaxWithoutNewline_LineTooLongAndClose()
        {
            // Guessed reply: memcached closes such a connection without answering.
            byte[] input = Bytes("set k 0 0 1" + new string(' ', Limits.LineLengthMax));
            ParseResult result = Refuse(input, "CLIENT_ERROR line too long\r\n", false, 0);
            Assert.True(result.ClosesConnection);
        }

        [Fact]
        public void Line_NewlineJustPastLineLengthMax_LineTooLong()
        {
            byte[] input = Bytes("get k" + new string(' ', Limits.LineLengthMax - 4) + "\n");
            Refuse(input, "CLIENT_ERROR line too long\r\n", false, 0);
        }

        [Fact]
        public void Line_LongGetLine_LineTooLong()
        {
            // Departure: memcached lets get and gets lines grow without bound.
            string keys = "";
            while (keys.Length <= Limits.LineLengthMax)
                keys += " k";
            Refuse(Bytes("get" + keys + "\r\n"), "CLIENT_ERROR line too long\r\n", false, 0);
        }

        [Fact]
        public void Line_ShortPrefixOfLongLine_NeedMore()
        {
            byte[] input = Bytes("get " + new string('k', Limits.LineLengthMax - 4));
            Assert.Equal(ParseStatus.NeedMore, CommandParser.TryParse(input, out _).Status);
        }

        [Theory]
        [InlineData(MalformedReason.UnknownCommand, ReplyKind.Error)]
        [InlineData(MalformedReason.BadDataChunk, ReplyKind.ClientError)]
        [InlineData(MalformedReason.TooManyKeys, ReplyKind.ServerError)]
        [InlineData(MalformedReason.None, ReplyKind.None)]
        public void ReplyKind_ByReason_MatchesLinePrefix(MalformedReason reason, ReplyKind kind)
        {
            Assert.Equal(kind, MalformedReplies.KindOf(reason));
        }

        [Fact]
        public void EveryReason_Line_EndsWithCrLfAndMatchesKind()
        {
            foreach (MalformedReason reason in System.Enum.GetValues<MalformedReason>())
            {
                string line = Text(MalformedReplies.LineOf(reason));
                ReplyKind kind = MalformedReplies.KindOf(reason);
                if (kind == ReplyKind.None)
                {
                    Assert.Equal("", line);
                    continue;
                }
                Assert.EndsWith("\r\n", line);
                string prefix = kind == ReplyKind.Error ? "ERROR" : kind == ReplyKind.ClientError ? "CLIENT_ERROR " : "SERVER_ERROR ";
                Assert.StartsWith(prefix, line);
            }
        }
    }
}
