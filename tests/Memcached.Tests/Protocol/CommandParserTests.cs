using System.Collections.Generic;
using Memcached.Protocol;
using Xunit;
using static Memcached.Tests.Protocol.Requests;

namespace Memcached.Tests.Protocol
{
    // Every classic command's accepted forms (protocol.txt), field by field.
    public class CommandParserTests
    {
        [Fact]
        public void Get_OneKey_RecordsKey()
        {
            byte[] input = Bytes("get foo\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Get, command.Opcode);
            Assert.Equal(1, command.KeyCount);
            Assert.Equal("foo", Text(input, command.Key));
            Assert.Equal("foo", Text(input, command.GetKey(0)));
        }

        [Fact]
        public void Gets_ManyKeys_RecordsEveryKeyInOrder()
        {
            byte[] input = Bytes("gets a bb ccc\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Gets, command.Opcode);
            Assert.Equal(new List<string> { "a", "bb", "ccc" }, Keys(input, command));
        }

        [Fact]
        public void Get_KeysPerRequestMax_Accepted()
        {
            string keys = "";
            for (int index = 0; index < Limits.KeysPerRequestMax; index++)
                keys += " k" + index;
            byte[] input = Bytes("get" + keys + "\r\n");
            Command command = Parse(input);
            Assert.Equal(Limits.KeysPerRequestMax, command.KeyCount);
            Assert.Equal("k63", Text(input, command.GetKey(Limits.KeysPerRequestMax - 1)));
        }

        [Fact]
        public void Get_ExtraSpacesAndBareNewline_SameKeys()
        {
            byte[] input = Bytes("  get   k1  k2  \n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Get, command.Opcode);
            Assert.Equal(new List<string> { "k1", "k2" }, Keys(input, command));
        }

        [Fact]
        public void Get_KeyOf250Bytes_Accepted()
        {
            string key = new string('a', Limits.KeyLengthMax);
            byte[] input = Bytes("get " + key + "\r\n");
            Assert.Equal(key, Text(input, Parse(input).Key));
        }

        [Fact]
        public void Get_KeyWithUtf8Bytes_Accepted()
        {
            byte[] input = Bytes("get caf\xc3\xa9\r\n");
            Assert.Equal("caf\xc3\xa9", Text(input, Parse(input).Key));
        }

        [Fact]
        public void Gat_ExptimeAndKeys_RecordsBoth()
        {
            byte[] input = Bytes("gat 300 a b\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Gat, command.Opcode);
            Assert.Equal(300, command.Exptime);
            Assert.Equal(new List<string> { "a", "b" }, Keys(input, command));
        }

        [Fact]
        public void Gats_NegativeExptime_Accepted()
        {
            byte[] input = Bytes("gats -5 k\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Gats, command.Opcode);
            Assert.Equal(-5, command.Exptime);
            Assert.Equal("k", Text(input, command.Key));
        }

        [Fact]
        public void Gat_NoKeys_ParsedWithNoKeys()
        {
            // memcached 1.6.18 answers "gat 10" with END.
            Command command = Parse("gat 10\r\n");
            Assert.Equal(Opcode.Gat, command.Opcode);
            Assert.Equal(0, command.KeyCount);
        }

        [Theory]
        [InlineData("set", Opcode.Set)]
        [InlineData("add", Opcode.Add)]
        [InlineData("replace", Opcode.Replace)]
        [InlineData("append", Opcode.Append)]
        [InlineData("prepend", Opcode.Prepend)]
        public void Storage_FullLineAndBlock_RecordsEveryField(string name, Opcode opcode)
        {
            byte[] input = Bytes(name + " key 4294967295 -1 5\r\nhe\r\no\r\n");
            Command command = Parse(input);
            Assert.Equal(opcode, command.Opcode);
            Assert.Equal("key", Text(input, command.Key));
            Assert.Equal(uint.MaxValue, command.Flags);
            Assert.Equal(-1, command.Exptime);
            Assert.Equal(5, command.DataLength);
            Assert.Equal(name.Length + 22, command.DataOffset);
            Assert.Equal("he\r\no", Text(command.Data(input)));
            Assert.False(command.NoReply);
        }

        [Fact]
        public void Set_EmptyBlock_Accepted()
        {
            byte[] input = Bytes("set k 0 0 0\r\n\r\n");
            Command command = Parse(input);
            Assert.Equal(0, command.DataLength);
            Assert.Equal("", Text(command.Data(input)));
        }

        [Fact]
        public void Set_Noreply_SetsNoReply()
        {
            Assert.True(Parse("set k 0 0 1 noreply\r\nx\r\n").NoReply);
        }

        [Fact]
        public void Set_SixthWordNotNoreply_IgnoredAsMemcachedDoes()
        {
            Command command = Parse("set k 0 0 1 bogus\r\nx\r\n");
            Assert.Equal(Opcode.Set, command.Opcode);
            Assert.False(command.NoReply);
        }

        [Fact]
        public void Set_BareNewlineAfterLine_BlockStillNeedsCrLf()
        {
            byte[] input = Bytes("set k 0 0 1\nx\r\n");
            Assert.Equal("x", Text(Parse(input).Data(input)));
        }

        [Fact]
        public void Set_SignedAndSpacedNumbers_ParsedAsStrtoul()
        {
            Command command = Parse("set k -0 +7 +3\r\nabc\r\n");
            Assert.Equal(0u, command.Flags);
            Assert.Equal(7, command.Exptime);
            Assert.Equal(3, command.DataLength);
        }

        [Fact]
        public void Cas_Unique64Bit_Recorded()
        {
            Command command = Parse("cas k 1 2 3 18446744073709551615 noreply\r\nabc\r\n");
            Assert.Equal(Opcode.Cas, command.Opcode);
            Assert.Equal(ulong.MaxValue, command.CasUnique);
            Assert.Equal(1u, command.Flags);
            Assert.Equal(2, command.Exptime);
            Assert.True(command.NoReply);
        }

        [Fact]
        public void Incr_MaxDelta_Recorded()
        {
            byte[] input = Bytes("incr counter 18446744073709551615\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Incr, command.Opcode);
            Assert.Equal("counter", Text(input, command.Key));
            Assert.Equal(ulong.MaxValue, command.Delta);
            Assert.False(command.NoReply);
        }

        [Fact]
        public void Decr_Noreply_RecordsDeltaAndNoReply()
        {
            Command command = Parse("decr c 42 noreply\r\n");
            Assert.Equal(Opcode.Decr, command.Opcode);
            Assert.Equal(42ul, command.Delta);
            Assert.True(command.NoReply);
        }

        [Fact]
        public void Incr_HugeNegative_WrapsAsStrtoull()
        {
            // strtoull negates modulo 2^64: memcached takes "-18446744073709551615" as 1.
            Assert.Equal(1ul, Parse("incr c -18446744073709551615\r\n").Delta);
        }

        [Theory]
        [InlineData("delete k\r\n", false)]
        [InlineData("delete k noreply\r\n", true)]
        [InlineData("delete k 0\r\n", false)]
        [InlineData("delete k 0 noreply\r\n", true)]
        public void Delete_AcceptedForms_RecordKeyAndNoReply(string request, bool noReply)
        {
            byte[] input = Bytes(request);
            Command command = Parse(input);
            Assert.Equal(Opcode.Delete, command.Opcode);
            Assert.Equal("k", Text(input, command.Key));
            Assert.Equal(noReply, command.NoReply);
        }

        [Fact]
        public void Touch_KeyAndExptime_Recorded()
        {
            byte[] input = Bytes("touch k 3600 noreply\r\n");
            Command command = Parse(input);
            Assert.Equal(Opcode.Touch, command.Opcode);
            Assert.Equal("k", Text(input, command.Key));
            Assert.Equal(3600, command.Exptime);
            Assert.True(command.NoReply);
        }

        [Fact]
        public void Touch_ExptimeFollowedByTab_IgnoresRestAsStrtol()
        {
            // memcached 1.6.18 answers "touch k 5\tx" with TOUCHED.
            Assert.Equal(5, Parse("touch k 5\tx\r\n").Exptime);
        }

        [Theory]
        [InlineData("flush_all\r\n", 0, false)]
        [InlineData("flush_all 0\r\n", 0, false)]
        [InlineData("flush_all 90\r\n", 90, false)]
        [InlineData("flush_all -5\r\n", -5, false)]
        [InlineData("flush_all noreply\r\n", 0, true)]
        [InlineData("flush_all 90 noreply\r\n", 90, true)]
        [InlineData("flush_all 10 20\r\n", 10, false)]
        public void FlushAll_AcceptedForms_RecordDelayAndNoReply(string request, int delay, bool noReply)
        {
            Command command = Parse(request);
            Assert.Equal(Opcode.FlushAll, command.Opcode);
            Assert.Equal(delay, command.Exptime);
            Assert.Equal(noReply, command.NoReply);
        }

        [Theory]
        [InlineData("stats\r\n", StatsGroup.General)]
        [InlineData("stats settings\r\n", StatsGroup.Settings)]
        [InlineData("stats items\r\n", StatsGroup.Items)]
        [InlineData("stats slabs\r\n", StatsGroup.Slabs)]
        [InlineData("stats settings extra words\r\n", StatsGroup.Settings)]
        public void Stats_Groups_Recorded(string request, StatsGroup group)
        {
            Command command = Parse(request);
            Assert.Equal(Opcode.Stats, command.Opcode);
            Assert.Equal(group, command.StatsGroup);
        }

        [Theory]
        [InlineData("version\r\n", Opcode.Version)]
        [InlineData("version ignored words\r\n", Opcode.Version)]
        [InlineData("quit\r\n", Opcode.Quit)]
        [InlineData("quit now\r\n", Opcode.Quit)]
        public void WordlessCommands_AnyArguments_Accepted(string request, Opcode opcode)
        {
            Assert.Equal(opcode, Parse(request).Opcode);
        }

        [Theory]
        [InlineData("verbosity 1\r\n", 1u, false)]
        [InlineData("verbosity 2 noreply\r\n", 2u, true)]
        [InlineData("verbosity 1 2\r\n", 1u, false)]
        public void Verbosity_Level_Recorded(string request, uint level, bool noReply)
        {
            Command command = Parse(request);
            Assert.Equal(Opcode.Verbosity, command.Opcode);
            Assert.Equal(level, command.VerbosityLevel);
            Assert.Equal(noReply, command.NoReply);
        }

        [Fact]
        public void Storage_DataMissing_NeedMoreWithRequestLengthAndLine()
        {
            byte[] input = Bytes("set k 3 0 10\r\nabc");
            ParseResult result = CommandParser.TryParse(input, out Command command);
            Assert.Equal(ParseStatus.NeedMore, result.Status);
            Assert.Equal(0, result.ConsumedBytes);
            Assert.Equal(14 + 10 + 2, result.BytesNeeded);
            Assert.Equal(Opcode.Set, command.Opcode);
            Assert.Equal(10, command.DataLength);
            Assert.Equal(3u, command.Flags);
        }

        [Fact]
        public void Storage_LargestLength_NeedMoreBeyondInt()
        {
            ParseResult result = CommandParser.TryParse(Bytes("set k 0 0 2147483645\r\n"), out Command command);
            Assert.Equal(ParseStatus.NeedMore, result.Status);
            Assert.Equal(22L + 2147483645L + 2, result.BytesNeeded);
            Assert.Equal(Limits.DataLengthMax, command.DataLength);
        }

        [Fact]
        public void Line_Incomplete_NeedMoreWithoutLength()
        {
            ParseResult result = CommandParser.TryParse(Bytes("get fo"), out _);
            Assert.Equal(ParseStatus.NeedMore, result.Status);
            Assert.Equal(0, result.BytesNeeded);
        }

        [Fact]
        public void Input_Empty_NeedMore()
        {
            Assert.Equal(ParseStatus.NeedMore, CommandParser.TryParse(default, out _).Status);
        }

        [Fact]
        public void Line_ExactlyLineLengthMax_Accepted()
        {
            string line = "get k" + new string(' ', Limits.LineLengthMax - 5);
            Assert.Equal(Limits.LineLengthMax, line.Length);
            Assert.Equal(Opcode.Get, Parse(line + "\n").Opcode);
            // The "\r" counts towards the line as memcached buffers it.
            Assert.Equal(Opcode.Get, Parse(line.Substring(0, line.Length - 1) + "\r\n").Opcode);
        }

        [Fact]
        public void GetKey_IndexPastKeyCount_Throws()
        {
            Command command = Parse("get a\r\n");
            Assert.Throws<System.ArgumentOutOfRangeException>(() => command.GetKey(1));
        }
    }
}
