// The checks memcached 1.6.18 makes on a meta command's flag tokens before acting on them
// (proto_text.c, _meta_flag_preparse), so that a bad flag gets memcached's exact error.
//
// Each token's first byte is its flag. In token order:
//   - a byte >= 127, or a flag seen before: "duplicate flag", at once;
//   - a byte that is no flag: "invalid flag", at once;
//   - b: the key must base64-decode (Base64Key), else "error decoding key";
//   - N T R: the rest a signed 32-bit number, else "bad token in command line format";
//   - C: the rest an unsigned 64-bit number, else "bad token ...";
//   - F: the rest an unsigned 32-bit number, else an error whose message is whatever the last
//     failing flag set (memcached leaves errstr alone here), at first "bad command line format";
//   - M: exactly one character after the M, else "incorrect length for M token";
//   - J, D: the rest an unsigned 64-bit number, else "invalid numeric initial / delta value";
//   - k l O P L s t c f v h u q I: no check here (O's length is checked by each command, at a
//     different point in each).
// The numeric failures do not stop the scan: a later failure's message replaces an earlier one,
// as memcached overwrites errstr; duplicates and unknown flags stop it at once.
// Every meta command takes every flag at this stage (mg accepts a D, and ignores it). The E and x
// flags of later memcached versions are unknown to 1.6.18, hence "invalid flag" here.
using System;

namespace Memcached.Protocol
{
    internal static class MetaFlags
    {
        // Checks the command's meta flag tokens; returns None, or the reason memcached reports.
        // Sets command.KeyIsBase64 and command.MetaMode (the M token's character, 0 without one).
        public static MalformedReason Check(ReadOnlySpan<byte> input, ref Command command)
        {
            ulong seenLow = 0;   // flags 0..63
            ulong seenHigh = 0;  // flags 64..126
            MalformedReason message = MalformedReason.BadMetaClientFlags;
            bool failed = false;
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                ReadOnlySpan<byte> token = command.GetMetaFlag(index).Of(input);
                byte flag = token[0];
                if (flag >= 127 || Seen(flag, seenLow, seenHigh))
                    return MalformedReason.MetaDuplicateFlag;
                if (flag < 64)
                    seenLow |= 1UL << flag;
                else
                    seenHigh |= 1UL << (flag - 64);
                ReadOnlySpan<byte> value = token.Slice(1);
                switch (flag)
                {
                    case (byte)'b':
                        command.KeyIsBase64 = true;
                        if (Base64Key.DecodedLength(command.Key.Of(input)) == 0)
                            Fail(ref message, ref failed, MalformedReason.MetaKeyDecodeFailed);
                        break;
                    case (byte)'N':
                    case (byte)'T':
                    case (byte)'R':
                        if (!AsciiNumber.TryParseInt32(value, out _))
                            Fail(ref message, ref failed, MalformedReason.MetaBadToken);
                        break;
                    case (byte)'C':
                        if (!AsciiNumber.TryParseUInt64(value, out _))
                            Fail(ref message, ref failed, MalformedReason.MetaBadToken);
                        break;
                    case (byte)'F':
                        if (!AsciiNumber.TryParseUInt32(value, out _))
                            failed = true; // keeps the current message
                        break;
                    case (byte)'M':
                        if (token.Length != 2)
                            Fail(ref message, ref failed, MalformedReason.MetaModeTokenLength);
                        else
                            command.MetaMode = token[1];
                        break;
                    case (byte)'J':
                        if (!AsciiNumber.TryParseUInt64(value, out _))
                            Fail(ref message, ref failed, MalformedReason.MetaInvalidInitial);
                        break;
                    case (byte)'D':
                        if (!AsciiNumber.TryParseUInt64(value, out _))
                            Fail(ref message, ref failed, MalformedReason.MetaInvalidDelta);
                        break;
                    case (byte)'k':
                    case (byte)'l':
                    case (byte)'O':
                    case (byte)'P':
                    case (byte)'L':
                    case (byte)'s':
                    case (byte)'t':
                    case (byte)'c':
                    case (byte)'f':
                    case (byte)'v':
                    case (byte)'h':
                    case (byte)'u':
                    case (byte)'q':
                    case (byte)'I':
                        break;
                    default:
                        return MalformedReason.MetaInvalidFlag;
                }
            }
            return failed ? message : MalformedReason.None;
        }

        // Whether an opaque token ("O...") is longer than Limits.OpaqueFlagLengthMax.
        public static bool HasOverlongOpaque(ReadOnlySpan<byte> input, ref Command command)
        {
            for (int index = 0; index < command.MetaFlagCount; index++)
            {
                Token token = command.GetMetaFlag(index);
                if (token.FirstByte(input) == (byte)'O' && token.Length > Limits.OpaqueFlagLengthMax)
                    return true;
            }
            return false;
        }

        private static bool Seen(byte flag, ulong seenLow, ulong seenHigh) =>
            flag < 64 ? (seenLow & (1UL << flag)) != 0 : (seenHigh & (1UL << (flag - 64))) != 0;

        private static void Fail(ref MalformedReason message, ref bool failed, MalformedReason reason)
        {
            message = reason;
            failed = true;
        }
    }
}
