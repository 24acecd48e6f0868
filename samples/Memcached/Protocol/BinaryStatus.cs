// The binary protocol's response status codes ("Binary Protocol Revamped" section 3.2) and the
// bodies memcached 1.6.18 sends with them (proto_bin.c, write_bin_error), checked byte for byte
// against the daemon. Error replies carry the text as the value, no key, no extras, CAS 0.
using System;

namespace Memcached.Protocol
{
    public enum BinaryStatus : ushort
    {
        NoError = 0x0000,
        KeyNotFound = 0x0001,       // KEY_ENOENT
        KeyExists = 0x0002,         // KEY_EEXISTS
        TooLarge = 0x0003,          // E2BIG
        InvalidArguments = 0x0004,  // EINVAL
        NotStored = 0x0005,         // NOT_STORED
        DeltaBadValue = 0x0006,     // DELTA_BADVAL
        UnknownCommand = 0x0081,    // UNKNOWN_COMMAND
        OutOfMemory = 0x0082,       // ENOMEM
    }

    public static class BinaryStatusText
    {
        // The longest message below, for sizing a reply.
        public const int MessageBytesMax = 46;

        public static ReadOnlySpan<byte> MessageOf(BinaryStatus status)
        {
            switch (status)
            {
                case BinaryStatus.KeyNotFound: return "Not found"u8;
                case BinaryStatus.KeyExists: return "Data exists for key."u8;
                case BinaryStatus.TooLarge: return "Too large."u8;
                case BinaryStatus.InvalidArguments: return "Invalid arguments"u8;
                case BinaryStatus.NotStored: return "Not stored."u8;
                case BinaryStatus.DeltaBadValue: return "Non-numeric server-side value for incr or decr"u8;
                case BinaryStatus.UnknownCommand: return "Unknown command"u8;
                case BinaryStatus.OutOfMemory: return "Out of memory"u8;
                default: return default;
            }
        }
    }
}
