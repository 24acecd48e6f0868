// One parsed request: what CommandParser.TryParse fills in. A value, not a view: every key, flag
// and data block is a Token (offset and length) into the caller's input, so a Command holds no
// reference, costs no allocation, and stays meaningful while the caller keeps those bytes.
//
// Fields by command (protocol.txt, "Commands" and "Meta Commands"):
//   get gets                 Keys (KeyCount >= 1)
//   gat gats                 Exptime, Keys (KeyCount may be 0: memcached then answers "END")
//   set add replace append prepend
//                            Key, Flags, Exptime, DataLength, DataOffset, NoReply
//   cas                      the same and CasUnique
//   incr decr                Key, Delta, NoReply
//   delete                   Key, NoReply
//   touch                    Key, Exptime, NoReply
//   flush_all                Exptime (the delay; 0 when absent), NoReply
//   stats                    StatsGroup
//   verbosity                VerbosityLevel, NoReply
//   version quit mn          nothing
//   mg md ma me              Key, KeyIsBase64, MetaFlags (me: none), MetaMode (ma)
//   ms                       Key, KeyIsBase64, DataLength, DataOffset, MetaFlags, MetaMode
//
// Meta flags are kept as their tokens ("v", "T30", "Oabc"), already checked for the errors
// memcached reports while parsing (duplicates, unknown flags, malformed numbers, an opaque over
// 32 bytes); their meaning (TTLs, CAS, vivify, quiet mode) is the store's to interpret. The
// quiet flag "q" is not NoReply: it hides only the nominal replies (HD, and EN for mg, NF for md).
//
// The tokens live in a fixed inline array (Limits.CommandTokensMax), so a Command is about 600
// bytes: pass it by reference.
using System;
using System.Runtime.CompilerServices;

namespace Memcached.Protocol
{
    public enum Opcode : byte
    {
        None,
        Get,
        Gets,
        Gat,
        Gats,
        Set,
        Add,
        Replace,
        Append,
        Prepend,
        Cas,
        Incr,
        Decr,
        Delete,
        Touch,
        FlushAll,
        Stats,
        Version,
        Verbosity,
        Quit,
        MetaGet,
        MetaSet,
        MetaDelete,
        MetaArithmetic,
        MetaNoOp,
        MetaDebug,
    }

    // "stats" alone, and the argument groups served (protocol.txt, "Statistics").
    public enum StatsGroup : byte
    {
        General,
        Settings,
        Items,
        Slabs,
    }

    // A run of the input: [Offset, Offset + Length).
    public readonly struct Token
    {
        public readonly int Offset;
        public readonly int Length;

        public Token(int offset, int length)
        {
            Offset = offset;
            Length = length;
        }

        public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> input) => input.Slice(Offset, Length);

        // The first byte of a meta flag token: its flag letter.
        public byte FirstByte(ReadOnlySpan<byte> input) => input[Offset];
    }

    [InlineArray(Limits.CommandTokensMax)]
    internal struct TokenArray
    {
        private Token _first;
    }

    public struct Command
    {
        public Opcode Opcode;
        public Token Key;
        public int KeyCount;
        public uint Flags;
        public int Exptime;
        public int DataLength;
        public int DataOffset;
        public ulong CasUnique;
        public ulong Delta;
        public uint VerbosityLevel;
        public StatsGroup StatsGroup;
        public bool NoReply;
        public bool KeyIsBase64;
        public byte MetaMode;
        public int MetaFlagCount;

        // Every word of the command line, in order (as many as fit; see Limits.CommandTokensMax).
        // Keys and meta flags are runs of them.
        internal TokenArray Tokens;
        internal int TokenCount;
        internal int FirstKeyToken;
        internal int FirstMetaFlagToken;

        public readonly Token GetKey(int index)
        {
            if ((uint)index >= (uint)KeyCount)
                ThrowIndexOutOfRange();
            return Tokens[FirstKeyToken + index];
        }

        public readonly Token GetMetaFlag(int index)
        {
            if ((uint)index >= (uint)MetaFlagCount)
                ThrowIndexOutOfRange();
            return Tokens[FirstMetaFlagToken + index];
        }

        public readonly ReadOnlySpan<byte> Data(ReadOnlySpan<byte> input) => input.Slice(DataOffset, DataLength);

        private static void ThrowIndexOutOfRange() => throw new ArgumentOutOfRangeException("index");
    }
}
