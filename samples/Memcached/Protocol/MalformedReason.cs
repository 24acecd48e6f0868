// Why a request was refused, and the exact line memcached answers for it.
//
// protocol.txt, "Error strings": "ERROR" for a nonexistent command name, "CLIENT_ERROR <error>"
// for input that does not conform to the protocol, "SERVER_ERROR <error>" when the server cannot
// carry the command out. The <error> texts are not in protocol.txt; they are memcached 1.6.18's
// (proto_text.c), checked against the Debian package's daemon, including its quirks: a wrong
// number of words is "ERROR", not a CLIENT_ERROR (the WANT_TOKENS checks); md and ma answer any
// bad flag with "invalid or duplicate flag"; mg says "options flags are too long" where ms, md
// and ma say "options flags too long".
//
// A reason names one check, so counters and tests can tell them apart; several reasons share a
// reply. Three replies are ours (memcached has no such case), marked "guessed" below.
using System;

namespace Memcached.Protocol
{
    public enum MalformedReason : byte
    {
        None,

        // "ERROR": an unknown command name, a line with no words, a known command with a number
        // of words it never takes, or a stats group we do not serve.
        UnknownCommand,
        WrongTokenCount,
        UnsupportedStatsGroup,

        // "CLIENT_ERROR bad command line format"
        KeyTooLong,
        BadFlags,
        BadExptime,             // in a storage command: memcached reports the generic format error
        BadDataLength,
        BadCasUnique,
        BadVerbosityLevel,
        MissingDataLength,      // "ms <key>" with no <datalen>
        BadBase64Key,           // me: its "b" argument and a key that does not decode
        MissingKey,             // "me" alone
        BadMetaClientFlags,     // mg/ms "F" token: memcached keeps the message it had (usually this one)

        // Other CLIENT_ERRORs, one text each.
        BadDeleteArguments,     // "bad command line format.  Usage: delete <key> [noreply]"
        InvalidExptime,         // touch, gat, gats, flush_all
        InvalidDelta,           // incr, decr
        BadDataChunk,           // the data block is not followed by "\r\n"
        LineTooLong,            // guessed: memcached closes the connection without a reply
        MetaGetTooManyFlags,    // "options flags are too long"
        MetaTooManyFlags,       // "options flags too long"
        MetaDuplicateFlag,      // also a flag byte >= 127
        MetaInvalidFlag,
        MetaBadToken,           // N, T, R, C: "bad token in command line format"
        MetaKeyDecodeFailed,    // "error decoding key"
        MetaModeTokenLength,    // "incorrect length for M token"
        MetaInvalidInitial,     // J: "invalid numeric initial value"
        MetaInvalidDelta,       // D: "invalid numeric delta value"
        MetaInvalidOrDuplicateFlag, // md and ma, whatever the flag's fault
        MetaOpaqueTooLong,      // "opaque token too long"
        MetaInvalidSetMode,     // "invalid mode for ms M token"
        MetaInvalidArithmeticMode, // "invalid mode for ma M token"

        // SERVER_ERROR, guessed: memcached serves any number of keys.
        TooManyKeys,
    }

    public enum ReplyKind : byte
    {
        None,
        Error,
        ClientError,
        ServerError,
    }

    public static class MalformedReplies
    {
        public static ReplyKind KindOf(MalformedReason reason) => reason switch
        {
            MalformedReason.None => ReplyKind.None,
            MalformedReason.UnknownCommand or MalformedReason.WrongTokenCount or
                MalformedReason.UnsupportedStatsGroup => ReplyKind.Error,
            MalformedReason.TooManyKeys => ReplyKind.ServerError,
            _ => ReplyKind.ClientError,
        };

        // The whole reply line, "\r\n" included; empty for None.
        public static ReadOnlySpan<byte> LineOf(MalformedReason reason)
        {
            switch (reason)
            {
                case MalformedReason.None:
                    return default;
                case MalformedReason.UnknownCommand:
                case MalformedReason.WrongTokenCount:
                case MalformedReason.UnsupportedStatsGroup:
                    return "ERROR\r\n"u8;
                case MalformedReason.BadDeleteArguments:
                    return "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"u8;
                case MalformedReason.InvalidExptime:
                    return "CLIENT_ERROR invalid exptime argument\r\n"u8;
                case MalformedReason.InvalidDelta:
                    return "CLIENT_ERROR invalid numeric delta argument\r\n"u8;
                case MalformedReason.BadDataChunk:
                    return "CLIENT_ERROR bad data chunk\r\n"u8;
                case MalformedReason.LineTooLong:
                    return "CLIENT_ERROR line too long\r\n"u8;
                case MalformedReason.MetaGetTooManyFlags:
                    return "CLIENT_ERROR options flags are too long\r\n"u8;
                case MalformedReason.MetaTooManyFlags:
                    return "CLIENT_ERROR options flags too long\r\n"u8;
                case MalformedReason.MetaDuplicateFlag:
                    return "CLIENT_ERROR duplicate flag\r\n"u8;
                case MalformedReason.MetaInvalidFlag:
                    return "CLIENT_ERROR invalid flag\r\n"u8;
                case MalformedReason.MetaBadToken:
                    return "CLIENT_ERROR bad token in command line format\r\n"u8;
                case MalformedReason.MetaKeyDecodeFailed:
                    return "CLIENT_ERROR error decoding key\r\n"u8;
                case MalformedReason.MetaModeTokenLength:
                    return "CLIENT_ERROR incorrect length for M token\r\n"u8;
                case MalformedReason.MetaInvalidInitial:
                    return "CLIENT_ERROR invalid numeric initial value\r\n"u8;
                case MalformedReason.MetaInvalidDelta:
                    return "CLIENT_ERROR invalid numeric delta value\r\n"u8;
                case MalformedReason.MetaInvalidOrDuplicateFlag:
                    return "CLIENT_ERROR invalid or duplicate flag\r\n"u8;
                case MalformedReason.MetaOpaqueTooLong:
                    return "CLIENT_ERROR opaque token too long\r\n"u8;
                case MalformedReason.MetaInvalidSetMode:
                    return "CLIENT_ERROR invalid mode for ms M token\r\n"u8;
                case MalformedReason.MetaInvalidArithmeticMode:
                    return "CLIENT_ERROR invalid mode for ma M token\r\n"u8;
                case MalformedReason.TooManyKeys:
                    return "SERVER_ERROR too many keys\r\n"u8;
                default:
                    return "CLIENT_ERROR bad command line format\r\n"u8;
            }
        }
    }
}
