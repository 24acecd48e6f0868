// The meta commands' lines (protocol.txt, "Meta Commands"):
//
//   mg <key> <flags>*\r\n
//   ms <key> <datalen> <flags>*\r\n<data block>\r\n
//   md <key> <flags>*\r\n
//   ma <key> <flags>*\r\n
//   mn\r\n
//   me <key> [b]\r\n
//
// The checks and their order are memcached 1.6.18's process_m*_command (proto_text.c): a line
// without a key is "ERROR" (me: "CLIENT_ERROR bad command line format"); then the key's length;
// then the number of words (at most Limits.MetaTokensMax - 1); then the flags (MetaFlags); then
// each command's own checks: ms's mode letter and ma's, and opaque tokens over
// Limits.OpaqueFlagLengthMax bytes (memcached checks ma's opaque only after doing the
// arithmetic, so its refused ma has already changed the item, or answers the arithmetic's own
// error; refusing it here, before any effect, is a departure). Meta errors are always sent: the
// "q" flag only hides nominal replies. mn takes and ignores any words.
//
// ms reads its <datalen> before its flags. A line refused for its flags, mode or opaque after
// that has its data block swallowed unseen (ParseResult.DiscardBytes), as memcached's
// conn_swallow; one refused earlier (no <datalen>, too many words, a bad <datalen>) does not, and
// the block is read as the next command, again as memcached does.
using System;

namespace Memcached.Protocol
{
    internal static class MetaCommandParser
    {
        public static ParseResult Parse(ReadOnlySpan<byte> input, ref Command command, Line line, byte letter)
        {
            switch (letter)
            {
                case (byte)'g':
                    return ParseKeyed(input, ref command, line, Opcode.MetaGet);
                case (byte)'s':
                    return ParseKeyed(input, ref command, line, Opcode.MetaSet);
                case (byte)'d':
                    return ParseKeyed(input, ref command, line, Opcode.MetaDelete);
                case (byte)'a':
                    return ParseKeyed(input, ref command, line, Opcode.MetaArithmetic);
                case (byte)'n':
                    return CommandParser.Parsed(ref command, Opcode.MetaNoOp, line.Bytes);
                case (byte)'e':
                    return ParseDebug(input, ref command, line);
                default:
                    return CommandParser.Malformed(MalformedReason.UnknownCommand, line);
            }
        }

        // mg, ms, md, ma: the checks they share, then each one's own.
        private static ParseResult ParseKeyed(ReadOnlySpan<byte> input, ref Command command, Line line, Opcode opcode)
        {
            if (line.MemcachedTokens < 3)
                return CommandParser.Malformed(MalformedReason.WrongTokenCount, line);
            MalformedReason keyFault = CommandParser.CheckKey(command.Tokens[1].Of(input));
            if (keyFault != MalformedReason.None)
                return CommandParser.Malformed(keyFault, line);
            CommandParser.SetKey(ref command, 1);
            if (opcode == Opcode.MetaSet)
                return ParseSet(input, ref command, line);
            if (line.MemcachedTokens > Limits.MetaTokensMax)
            {
                return CommandParser.Malformed(
                    opcode == Opcode.MetaGet ? MalformedReason.MetaGetTooManyFlags : MalformedReason.MetaTooManyFlags, line);
            }
            SetFlags(ref command, line, 2);
            MalformedReason fault = MetaFlags.Check(input, ref command);
            if (fault != MalformedReason.None && opcode != Opcode.MetaGet)
                fault = MalformedReason.MetaInvalidOrDuplicateFlag; // md, ma: one message for all
            if (fault == MalformedReason.None && opcode == Opcode.MetaArithmetic && !IsArithmeticMode(command.MetaMode))
                fault = MalformedReason.MetaInvalidArithmeticMode;
            if (fault == MalformedReason.None && MetaFlags.HasOverlongOpaque(input, ref command))
                fault = MalformedReason.MetaOpaqueTooLong;
            if (fault != MalformedReason.None)
                return CommandParser.Malformed(fault, line);
            return CommandParser.Parsed(ref command, opcode, line.Bytes);
        }

        // ms <key> <datalen> <flags>*
        private static ParseResult ParseSet(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.MemcachedTokens == 3)
                return CommandParser.Malformed(MalformedReason.MissingDataLength, line);
            if (line.MemcachedTokens > Limits.MetaTokensMax)
                return CommandParser.Malformed(MalformedReason.MetaTooManyFlags, line);
            if (!AsciiNumber.TryParseInt32(command.Tokens[2].Of(input), out command.DataLength) ||
                command.DataLength < 0 || command.DataLength > Limits.DataLengthMax)
            {
                return CommandParser.Malformed(MalformedReason.BadDataLength, line);
            }
            SetFlags(ref command, line, 3);
            MalformedReason fault = MetaFlags.Check(input, ref command);
            if (fault == MalformedReason.None && !IsSetMode(command.MetaMode))
                fault = MalformedReason.MetaInvalidSetMode;
            if (fault == MalformedReason.None && MetaFlags.HasOverlongOpaque(input, ref command))
                fault = MalformedReason.MetaOpaqueTooLong;
            if (fault != MalformedReason.None)
                return ParseResult.MalformedDiscarding(fault, line.Bytes, command.DataLength + 2);
            command.Opcode = Opcode.MetaSet;
            return CommandParser.ReadDataBlock(input, ref command, line.Bytes, noReply: false);
        }

        // me <key> [b]: only a "b" right after the key means anything; other words are ignored.
        private static ParseResult ParseDebug(ReadOnlySpan<byte> input, ref Command command, Line line)
        {
            if (line.MemcachedTokens < 3)
                return CommandParser.Malformed(MalformedReason.MissingKey, line);
            MalformedReason fault = CommandParser.CheckKey(command.Tokens[1].Of(input));
            if (fault != MalformedReason.None)
                return CommandParser.Malformed(fault, line);
            CommandParser.SetKey(ref command, 1);
            if (line.MemcachedTokens >= 4 && command.Tokens[2].Of(input).SequenceEqual("b"u8))
            {
                command.KeyIsBase64 = true;
                if (Base64Key.DecodedLength(command.Key.Of(input)) == 0)
                    return CommandParser.Malformed(MalformedReason.BadBase64Key, line);
            }
            return CommandParser.Parsed(ref command, Opcode.MetaDebug, line.Bytes);
        }

        // The flag tokens: every word from firstFlag on (the word checks above bound them).
        private static void SetFlags(ref Command command, Line line, int firstFlag)
        {
            command.FirstMetaFlagToken = firstFlag;
            command.MetaFlagCount = line.Words - firstFlag;
        }

        // ms's M: E add, A append, P prepend, R replace, S set (the default).
        private static bool IsSetMode(byte mode) =>
            mode == 0 || mode == (byte)'E' || mode == (byte)'A' || mode == (byte)'P' || mode == (byte)'R' || mode == (byte)'S';

        // ma's M: I or + increment (the default), D or - decrement.
        private static bool IsArithmeticMode(byte mode) =>
            mode == 0 || mode == (byte)'I' || mode == (byte)'+' || mode == (byte)'D' || mode == (byte)'-';
    }
}
