// The memcached text protocol's request parser (doc/protocol.txt): one request from the front
// of the received bytes into a Command, as a pure function of those bytes.
//
// Framing. A request is a command line ended by "\n" (protocol.txt says "\r\n"; memcached, and so
// this parser, also take a bare "\n" and strip one "\r" before it), then, for the storage
// commands and ms, a data block of exactly <bytes> bytes followed by "\r\n" (protocol.txt,
// "Storage commands"; a block not followed by "\r\n" is "CLIENT_ERROR bad data chunk", after
// which the block and those two bytes are consumed anyway, as memcached reads them). Words are
// separated by spaces only, any number of them, leading and trailing ones included; a tab is part
// of a word. Command names are lower-case and case-sensitive.
//
// One call parses one request and reports how many bytes it took; a pipelining caller loops
// until NeedMore. The result depends only on the bytes, never on how they were split into
// receives: the line-length check looks at the first Limits.LineLengthMax + 1 bytes whether or not
// more have arrived, so a request split at any byte boundary gives NeedMore for every proper prefix
// and the same result once whole.
//
// Validation replays memcached 1.6.18's proto_text.c, checked against the Debian daemon: the word
// counts each command accepts (a wrong count is "ERROR"), the order of its checks (which error a
// line with two faults gets), where "noreply" is looked for (the last of the first 23 words, even
// where it makes no sense: "set k 0 0 1 bogus" is a valid set), and which errors "noreply" hides.
// MalformedReason names each case. Departures, each marked where it happens:
//   - 32-bit numbers out of range are refused rather than truncated (AsciiNumber);
//   - a line over Limits.LineLengthMax is refused with "CLIENT_ERROR line too long" and the
//     connection should close: memcached closes without a word, and lets get/gets lines grow
//     without bound;
//   - at most Limits.KeysPerRequestMax keys per get ("SERVER_ERROR too many keys");
//   - stats takes no groups but settings, items and slabs ("ERROR", as memcached answers an
//     unknown group); commands outside the list (slabs, lru_crawler, watch, shutdown,
//     cache_memlimit, bget, ...) are unknown ("ERROR").
// Meta commands are parsed in MetaCommandParser.cs, their flags checked in MetaFlags.cs.
using System;

namespace Memcached.Protocol
{
    public static class CommandParser
    {
        // Parses the request at the front of input. On Parsed, command describes it; on NeedMore
        // with BytesNeeded > 0, command describes its line.
        public static ParseResult TryParse(ReadOnlySpan<byte> input, out Command command)
        {
            command = default;
            int searched = input.Length < Limits.LineLengthMax + 1 ? input.Length : Limits.LineLengthMax + 1;
            int newline = input.Slice(0, searched).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return input.Length > Limits.LineLengthMax
                    ? ParseResult.Malformed(MalformedReason.LineTooLong, 0, false)
                    : ParseResult.NeedMore(0);
            }
            int contentLength = newline > 0 && input[newline - 1] == (byte)'\r' ? newline - 1 : newline;
            int words = Tokenize(input.Slice(0, contentLength), ref command);
            Line line = new Line(newline + 1, words);
            if (words == 0 || command.Tokens[0].Length < 2)
                return Malformed(MalformedReason.UnknownCommand, line);

            ReadOnlySpan<byte> name = command.Tokens[0].Of(input);
            if (name.Length == 2 && name[0] == (byte)'m')
                return MetaCommandParser.Parse(input, ref command, line, name[1]);
            if (name.SequenceEqual("get"u8))
                return ParseRetrieval(input, ref command, line, Opcode.Get);
            if (name.SequenceEqual("set"u8))
                return ParseStorage(input, ref command, line, Opcode.Set);
            if (name.SequenceEqual("gets"u8))
                return ParseRetrieval(input, ref command, line, Opcode.Gets);
            if (name.SequenceEqual("gat"u8))
                return ParseRetrieval(input, ref command, line, Opcode.Gat);
            if (name.SequenceEqual("gats"u8))
                return ParseRetrieval(input, ref command, line, Opcode.Gats);
            if (name.SequenceEqual("add"u8))
                return ParseStorage(input, ref command, line, Opcode.Add);
            if (name.SequenceEqual("replace"u8))
                return ParseStorage(input, ref command, line, Opcode.Replace);
            if (name.SequenceEqual("append"u8))
                return ParseStorage(input, ref command, line, Opcode.Append);
            if (name.SequenceEqual("prepend"u8))
                return ParseStorage(input, ref command, line, Opcode.Prepend);
            if (name.SequenceEqual("cas"u8))
                return ParseStorage(input, ref command, line, Opcode.Cas);
            if (name.SequenceEqual("incr"u8))
                return ParseArithmetic(input, ref command, line, Opcode.Incr);
            if (name.SequenceEqual("decr"u8))
                return ParseArithmetic(input, ref command, line, Opcode.Decr);
            if (name.SequenceEqual("delete"u8))
                return ParseDelete(input, ref command, line);
            if (name.SequenceEqual("touch"u8))
                return ParseTouch(input, ref command, line);
            return ParseOther(input, ref command, line, name);
        }

        // flush_all, stats, version, verbosity, quit; anything else is unknown.
        private static ParseResult ParseOther(ReadOnlySpan<byte> input, ref Command command, Line line, ReadOnlySpan<byte> name)
        {
            if (name.SequenceEqual("flush_all"u8))
                return ParseFlushAll(input, ref command, line);
            if (name.SequenceEqual("stats"u8))
                return ParseStats(input, ref command, line);
            if (name.SequenceEqual("version"u8))
                return Parsed(ref command, Opcode.Version, line.Bytes);
            if (name.SequenceEqual("quit"u8))
                return Parsed(ref command, Opcode.Quit, line.Bytes);
            if (name.SequenceEqual("verbosity"u8))
                return ParseVerbosity(input, ref command, line);
            return Malformed(MalformedReason.UnknownCommand, line);
        }

        // get|gets <key>*, gat|gats <exptime> <key>*. memcached checks each key in turn; we
        // record at most Limits.KeysPerRequestMax of them.
        private static ParseResult ParseRetrieval(ReadOnlySpan<byte> input, ref Command command, Line line, Opcode opcode)
        {
            if (line.MemcachedTokens < 3)
                return Malformed(MalformedReason.WrongTokenCount, line);
            int firstKey = 1;
            if (opcode == Opcode.Gat || opcode == Opcode.Gats)
            {
                if (!AsciiNumber.TryParseInt32(command.Tokens[1].Of(input), out command.Exptime))
                    return Malformed(MalformedReason.InvalidExptime, line);
                firstKey = 2;
            }
            int keyCount = line.Words - firstKey;
            for (int index = 0; index < keyCount; index++)
            {
                if (index == Limits.KeysPerRequestMax)
                    return Malformed(MalformedReason.TooManyKeys, line); // departure: memcached has no bound
                MalformedReason keyFault = CheckKey(command.Tokens[firstKey + index].Of(input));
                if (keyFault != MalformedReason.None)
                    return Malformed(keyFault, line);
            }
            command.FirstKeyToken = firstKey;
            command.KeyCount = keyCount;
            if (keyCount > 0)
                command.Key = command.Tokens[firstKey];
            return Parsed(ref command, opcode, line.Bytes);
        }

        // <command> <key> <flags> <exptime> <bytes> [noreply], and cas with <cas unique> before
        // [noreply]. Every error after the word count is hidden by noreply, as in memcached.
        private static ParseResult ParseStorage(ReadOnlySpan<byte> input, ref Command command, Line line, Opcode opcode)
        {
            bool isCas = opcode == Opcode.Cas;
            int words = isCas ? 7 : 6;
            if (line.MemcachedTokens != words && line.MemcachedTokens != words + 1)
                return Malformed(MalformedReason.WrongTokenCount, line);
            bool noReply = HasNoReply(input, ref command, line);
            MalformedReason fault = CheckKey(command.Tokens[1].Of(input));
            if (fault == MalformedReason.None && !AsciiNumber.TryParseUInt32(command.Tokens[2].Of(input), out command.Flags))
                fault = MalformedReason.BadFlags;
            if (fault == MalformedReason.None && !AsciiNumber.TryParseInt32(command.Tokens[3].Of(input), out command.Exptime))
                fault = MalformedReason.BadExptime;
            if (fault == MalformedReason.None && !AsciiNumber.TryParseInt32(command.Tokens[4].Of(input), out command.DataLength))
                fault = MalformedReason.BadDataLength;
            if (fault == MalformedReason.None && isCas && !AsciiNumber.TryParseUInt64(command.Tokens[5].Of(input), out command.CasUnique))
                fault = MalformedReason.BadCasUnique;
            if (fault == MalformedReason.None && (command.DataLength < 0 || command.DataLength > Limits.DataLengthMax))
                fault = MalformedReason.BadDataLength;
            // The data block is not swallowed: memcached reads what follows as the next command.
            if (fault != MalformedReason.None)
                return ParseResult.Malformed(fault, line.Bytes, noReply);
            SetKey(ref command, 1);
            command.NoReply = noReply;
            command.Opcode = opcode;
            return ReadDataBlock(input, ref command, line.Bytes, noReply);
        }

        // The data block after a storage line (ms's too): NeedMore until the block and two more
        // bytes are in, then those two bytes must be "\r\n".
        internal static ParseResult ReadDataBlock(ReadOnlySpan<byte> input, ref Command command, int lineBytes, bool noReply)
        {
            command.DataOffset = lineBytes;
            long requestBytes = (long)lineBytes + command.DataLength + 2;
            if (input.Length < requestBytes)
                return ParseResult.NeedMore(requestBytes);
            int end = lineBytes + command.DataLength;
            if (input[end] != (byte)'\r' || input[end + 1] != (byte)'\n')
                return ParseResult.Malformed(MalformedReason.BadDataChunk, end + 2, noReply);
            return ParseResult.Parsed(end + 2);
        }

        // incr|decr <key> <value> [noreply]; <value> is a 64-bit unsigned number.
        private static ParseResult ParseArithmetic(ReadOnlySpan<byte> input, ref Command command, Line line, Opcode opcode)
        {
            if (line.MemcachedTokens != 4 && line.MemcachedTokens != 5)
                return Malformed(MalformedReason.WrongTokenCount, line);
            bool noReply = HasNoReply(input, ref command, line);
            MalformedReason fault = CheckKey(command.Tokens[1].Of(input));
            if (fault == MalformedReason.None && !AsciiNumber.TryParseUInt64(command.Tokens[2].Of(input), out command.Delta))
                fault = MalformedReason.InvalidDelta;
            if (fault != MalformedReason.None)
                return ParseResult.Malformed(fault, line.Bytes, noReply);
            return ParsedWithKey(ref command, opcode, line, noReply);
        }

        // delete <key> [noreply]. memcached still takes the long-gone hold time if it is "0":
        // "delete <key> 0", "delete <key> 0 noreply".
        private static ParseResult ParseDelete(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.MemcachedTokens < 3 || line.MemcachedTokens > 5)
                return Malformed(MalformedReason.WrongTokenCount, line);
            bool noReply = false;
            if (line.MemcachedTokens > 3)
            {
                bool holdIsZero = command.Tokens[2].Of(input).SequenceEqual("0"u8);
                noReply = HasNoReply(input, ref command, line);
                bool valid = (line.MemcachedTokens == 4 && (holdIsZero || noReply)) ||
                             (line.MemcachedTokens == 5 && holdIsZero && noReply);
                if (!valid)
                    return ParseResult.Malformed(MalformedReason.BadDeleteArguments, line.Bytes, noReply);
            }
            MalformedReason fault = CheckKey(command.Tokens[1].Of(input));
            if (fault != MalformedReason.None)
                return ParseResult.Malformed(fault, line.Bytes, noReply);
            return ParsedWithKey(ref command, Opcode.Delete, line, noReply);
        }

        // touch <key> <exptime> [noreply]
        private static ParseResult ParseTouch(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.MemcachedTokens != 4 && line.MemcachedTokens != 5)
                return Malformed(MalformedReason.WrongTokenCount, line);
            bool noReply = HasNoReply(input, ref command, line);
            MalformedReason fault = CheckKey(command.Tokens[1].Of(input));
            if (fault == MalformedReason.None && !AsciiNumber.TryParseInt32(command.Tokens[2].Of(input), out command.Exptime))
                fault = MalformedReason.InvalidExptime;
            if (fault != MalformedReason.None)
                return ParseResult.Malformed(fault, line.Bytes, noReply);
            return ParsedWithKey(ref command, Opcode.Touch, line, noReply);
        }

        // flush_all [delay] [noreply]. The delay is read unless the words are exactly
        // "flush_all" or "flush_all noreply"; so "flush_all 10 20" flushes in 10 s and
        // "flush_all noreply 10" is an invalid exptime, as in memcached.
        private static ParseResult ParseFlushAll(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.MemcachedTokens < 2 || line.MemcachedTokens > 4)
                return Malformed(MalformedReason.WrongTokenCount, line);
            bool noReply = HasNoReply(input, ref command, line);
            if (line.MemcachedTokens != (noReply ? 3 : 2) &&
                !AsciiNumber.TryParseInt32(command.Tokens[1].Of(input), out command.Exptime))
            {
                return ParseResult.Malformed(MalformedReason.InvalidExptime, line.Bytes, noReply);
            }
            command.NoReply = noReply;
            return Parsed(ref command, Opcode.FlushAll, line.Bytes);
        }

        // verbosity <level> [noreply]
        private static ParseResult ParseVerbosity(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.MemcachedTokens != 3 && line.MemcachedTokens != 4)
                return Malformed(MalformedReason.WrongTokenCount, line);
            bool noReply = HasNoReply(input, ref command, line);
            if (!AsciiNumber.TryParseUInt32(command.Tokens[1].Of(input), out command.VerbosityLevel))
                return ParseResult.Malformed(MalformedReason.BadVerbosityLevel, line.Bytes, noReply);
            command.NoReply = noReply;
            return Parsed(ref command, Opcode.Verbosity, line.Bytes);
        }

        // stats [settings|items|slabs]; words after the group are ignored, as in memcached.
        private static ParseResult ParseStats(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.Words > 1)
            {
                ReadOnlySpan<byte> group = command.Tokens[1].Of(input);
                if (group.SequenceEqual("settings"u8))
                    command.StatsGroup = StatsGroup.Settings;
                else if (group.SequenceEqual("items"u8))
                    command.StatsGroup = StatsGroup.Items;
                else if (group.SequenceEqual("slabs"u8))
                    command.StatsGroup = StatsGroup.Slabs;
                else
                    return Malformed(MalformedReason.UnsupportedStatsGroup, line);
            }
            return Parsed(ref command, Opcode.Stats, line.Bytes);
        }

        // Splits a line (without its line end) at spaces into command.Tokens, as many as fit;
        // returns the number of words, counting those that did not fit.
        private static int Tokenize(ReadOnlySpan<byte> line, ref Command command)
        {
            int words = 0;
            int index = 0;
            while (index < line.Length)
            {
                if (line[index] == (byte)' ')
                {
                    index++;
                    continue;
                }
                int start = index;
                while (index < line.Length && line[index] != (byte)' ')
                    index++;
                if (words < Limits.CommandTokensMax)
                    command.Tokens[words] = new Token(start, index - start);
                words++;
            }
            command.TokenCount = words < Limits.CommandTokensMax ? words : Limits.CommandTokensMax;
            return words;
        }

        // A key is 1 to 250 bytes (protocol.txt, "Keys") without spaces (a space ends the word).
        // protocol.txt also forbids control characters, but memcached accepts them and real
        // clients send them (memcaslap's generated keys hold 0x10 bytes), so they are accepted.
        internal static MalformedReason CheckKey(ReadOnlySpan<byte> key) =>
            key.Length > Limits.KeyLengthMax ? MalformedReason.KeyTooLong : MalformedReason.None;

        // memcached's set_noreply_maybe: the last word it tokenized is "noreply".
        private static bool HasNoReply(ReadOnlySpan<byte> input, ref Command command, Line line) =>
            command.Tokens[line.MemcachedTokens - 2].Of(input).SequenceEqual("noreply"u8);

        internal static void SetKey(ref Command command, int keyToken)
        {
            command.Key = command.Tokens[keyToken];
            command.FirstKeyToken = keyToken;
            command.KeyCount = 1;
        }

        private static ParseResult ParsedWithKey(ref Command command, Opcode opcode, Line line, bool noReply)
        {
            SetKey(ref command, 1);
            command.NoReply = noReply;
            return Parsed(ref command, opcode, line.Bytes);
        }

        internal static ParseResult Parsed(ref Command command, Opcode opcode, int consumedBytes)
        {
            command.Opcode = opcode;
            return ParseResult.Parsed(consumedBytes);
        }

        internal static ParseResult Malformed(MalformedReason reason, Line line) =>
            ParseResult.Malformed(reason, line.Bytes, false);
    }

    // A framed command line: its bytes with the line end, and its words.
    internal readonly struct Line
    {
        public readonly int Bytes;
        public readonly int Words;

        public Line(int bytes, int words)
        {
            Bytes = bytes;
            Words = words;
        }

        // memcached's ntokens: the words it keeps (at most MAX_TOKENS - 1) plus the empty
        // terminal token. Its word-count checks are written against this number.
        public int MemcachedTokens =>
            (Words < Limits.MemcachedTokensMax - 1 ? Words : Limits.MemcachedTokensMax - 1) + 1;
    }
}
