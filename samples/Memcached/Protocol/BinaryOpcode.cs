// The binary protocol's command opcodes (memcached's protocol_binary.h, "Binary Protocol
// Revamped" section 3.3) that memcached 1.6.18 serves without SASL, and the quiet/loud pairing.
//
// A quiet opcode ("...Q") is its loud twin with different reply rules: success is not answered
// (GetQ, GetKQ, GatQ, GatKQ: a miss is not answered, a hit is), errors always are. Loud maps a
// quiet opcode to its twin so the executor has one case per command; memcached does the same
// (dispatch_bin_command's first switch sets c->noreply and rewrites c->cmd). The reply header
// always carries the opcode the client sent, never the loud twin.
namespace Memcached.Protocol
{
    public enum BinaryOpcode : byte
    {
        Get = 0x00,
        Set = 0x01,
        Add = 0x02,
        Replace = 0x03,
        Delete = 0x04,
        Increment = 0x05,
        Decrement = 0x06,
        Quit = 0x07,
        Flush = 0x08,
        GetQ = 0x09,
        NoOp = 0x0a,
        Version = 0x0b,
        GetK = 0x0c,
        GetKQ = 0x0d,
        Append = 0x0e,
        Prepend = 0x0f,
        Stat = 0x10,
        SetQ = 0x11,
        AddQ = 0x12,
        ReplaceQ = 0x13,
        DeleteQ = 0x14,
        IncrementQ = 0x15,
        DecrementQ = 0x16,
        QuitQ = 0x17,
        FlushQ = 0x18,
        AppendQ = 0x19,
        PrependQ = 0x1a,
        Touch = 0x1c,
        Gat = 0x1d,
        GatQ = 0x1e,
        GatK = 0x23,
        GatKQ = 0x24,
    }

    public static class BinaryOpcodes
    {
        // The loud twin of a quiet opcode; any other opcode unchanged.
        public static BinaryOpcode Loud(BinaryOpcode opcode)
        {
            switch (opcode)
            {
                case BinaryOpcode.GetQ: return BinaryOpcode.Get;
                case BinaryOpcode.GetKQ: return BinaryOpcode.GetK;
                case BinaryOpcode.SetQ: return BinaryOpcode.Set;
                case BinaryOpcode.AddQ: return BinaryOpcode.Add;
                case BinaryOpcode.ReplaceQ: return BinaryOpcode.Replace;
                case BinaryOpcode.DeleteQ: return BinaryOpcode.Delete;
                case BinaryOpcode.IncrementQ: return BinaryOpcode.Increment;
                case BinaryOpcode.DecrementQ: return BinaryOpcode.Decrement;
                case BinaryOpcode.QuitQ: return BinaryOpcode.Quit;
                case BinaryOpcode.FlushQ: return BinaryOpcode.Flush;
                case BinaryOpcode.AppendQ: return BinaryOpcode.Append;
                case BinaryOpcode.PrependQ: return BinaryOpcode.Prepend;
                case BinaryOpcode.GatQ: return BinaryOpcode.Gat;
                case BinaryOpcode.GatKQ: return BinaryOpcode.GatK;
                default: return opcode;
            }
        }

        public static bool IsQuiet(BinaryOpcode opcode) => Loud(opcode) != opcode;

        // Storage commands carry a value after the key: the whole body must be buffered, and a
        // value over the item size limit is refused and swallowed instead.
        public static bool CarriesValue(BinaryOpcode loud) =>
            loud == BinaryOpcode.Set || loud == BinaryOpcode.Add || loud == BinaryOpcode.Replace
            || loud == BinaryOpcode.Append || loud == BinaryOpcode.Prepend;
    }
}
