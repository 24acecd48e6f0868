// Whether a binary request's header makes sense, judged as memcached 1.6.18 judges it
// (proto_bin.c: try_read_command_binary, then dispatch_bin_command), in the same order:
//   1. magic other than 0x80: the connection is closed without a reply (BadMagic);
//   2. key + extras longer than the body: "Unknown command", then close (Inconsistent);
//   3. key longer than 250 bytes (KEY_MAX_LENGTH): "Invalid arguments", then close (Invalid);
//   4. an opcode memcached does not serve: "Unknown command", the body is skipped and the
//      connection goes on (UnknownCommand);
//   5. each command's own shape (which extras, whether a key, whether a value), per
//      dispatch_bin_command's switch: "Invalid arguments", then close (Invalid).
// Departure: for an unknown opcode memcached skips body-length bytes after it has already
// consumed the key and extras, so it eats that many bytes of the next request; here exactly
// the rest of the body is skipped.
// Pure: the header in, a verdict out; nothing is read beyond the header.
namespace Memcached.Protocol
{
    public enum BinaryVerdict : byte
    {
        Execute,
        BadMagic,
        Inconsistent,
        Invalid,
        UnknownCommand,
    }

    public static class BinaryRequestCheck
    {
        // Extras of the commands that have them ("Binary Protocol Revamped" section 4).
        public const int StorageExtrasBytes = 8;     // set/add/replace: flags, expiration
        public const int ArithmeticExtrasBytes = 20; // incr/decr: delta, initial, expiration
        public const int ExpiryExtrasBytes = 4;      // touch/gat, flush (optional): expiration

        // incr/decr expiration meaning "do not create a missing item" (section 4.4.6).
        public const uint NoCreateExpiration = 0xffffffff;

        public static BinaryVerdict Check(in BinaryHeader header)
        {
            if (header.Magic != BinaryHeader.RequestMagic)
                return BinaryVerdict.BadMagic;
            if (header.KeyLength > header.BodyLength || (long)header.KeyLength + header.ExtrasLength > header.BodyLength)
                return BinaryVerdict.Inconsistent;
            if (header.KeyLength > Limits.KeyLengthMax)
                return BinaryVerdict.Invalid;
            return CheckShape(BinaryOpcodes.Loud(header.Opcode), header.KeyLength, header.ExtrasLength, header.BodyLength);
        }

        private static BinaryVerdict CheckShape(BinaryOpcode loud, int key, int extras, uint body)
        {
            bool valid;
            switch (loud)
            {
                case BinaryOpcode.Version:
                case BinaryOpcode.NoOp:
                case BinaryOpcode.Quit:
                    valid = extras == 0 && key == 0 && body == 0;
                    break;
                case BinaryOpcode.Flush:
                    valid = key == 0 && body == extras && (extras == 0 || extras == ExpiryExtrasBytes);
                    break;
                case BinaryOpcode.Set:
                case BinaryOpcode.Add:
                case BinaryOpcode.Replace:
                    valid = extras == StorageExtrasBytes && key != 0 && body >= key + StorageExtrasBytes;
                    break;
                case BinaryOpcode.Get:
                case BinaryOpcode.GetK:
                case BinaryOpcode.Delete:
                    valid = extras == 0 && key > 0 && body == key;
                    break;
                case BinaryOpcode.Increment:
                case BinaryOpcode.Decrement:
                    valid = extras == ArithmeticExtrasBytes && key > 0 && body == key + ArithmeticExtrasBytes;
                    break;
                case BinaryOpcode.Append:
                case BinaryOpcode.Prepend:
                    valid = extras == 0 && key > 0;
                    break;
                case BinaryOpcode.Stat:
                    valid = extras == 0;
                    break;
                case BinaryOpcode.Touch:
                case BinaryOpcode.Gat:
                case BinaryOpcode.GatK:
                    valid = extras == ExpiryExtrasBytes && key != 0;
                    break;
                default:
                    return BinaryVerdict.UnknownCommand;
            }
            return valid ? BinaryVerdict.Execute : BinaryVerdict.Invalid;
        }
    }
}
