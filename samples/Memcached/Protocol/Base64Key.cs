// Binary keys of the meta commands: with the "b" flag the key token is base64 (RFC 4648, the
// standard alphabet) and the item's key is what it decodes to (protocol.txt, Meta Get: "b:
// interpret key as base64 encoded binary value").
//
// The decoder reproduces memcached's base64_decode (base64.c, after hostap's) so that the same
// tokens are accepted: bytes outside the alphabet and '=' are skipped; the remaining count must
// be a non-zero multiple of four; decoding stops after the first group that holds padding, which
// removes one byte ('=' once) or two ('=' twice), and more padding than that fails. A failure is
// length 0, which memcached reports as "CLIENT_ERROR error decoding key" (mg, ms).
using System;

namespace Memcached.Protocol
{
    public static class Base64Key
    {
        private const byte Invalid = 0x80;

        // The decoded length of an encoded key, or 0 if memcached would refuse it.
        public static int DecodedLength(ReadOnlySpan<byte> encoded) => Run(encoded, default, store: false);

        // Decodes into destination, which must hold encoded.Length * 3 / 4 bytes; returns the
        // decoded length, or 0 if the key is refused or the destination too small.
        public static int Decode(ReadOnlySpan<byte> encoded, Span<byte> destination) =>
            destination.Length < encoded.Length * 3 / 4 ? 0 : Run(encoded, destination, store: true);

        private static int Run(ReadOnlySpan<byte> encoded, Span<byte> destination, bool store)
        {
            int count = 0;
            for (int index = 0; index < encoded.Length; index++)
            {
                if (Value(encoded[index]) != Invalid)
                    count++;
            }
            if (count == 0 || count % 4 != 0)
                return 0;

            int length = 0;
            int inBlock = 0;
            int padding = 0;
            uint block = 0;
            for (int index = 0; index < encoded.Length; index++)
            {
                byte value = Value(encoded[index]);
                if (value == Invalid)
                    continue;
                if (encoded[index] == (byte)'=')
                    padding++;
                block = (block << 6) | value;
                inBlock++;
                if (inBlock < 4)
                    continue;
                if (store)
                {
                    destination[length] = (byte)(block >> 16);
                    destination[length + 1] = (byte)(block >> 8);
                    destination[length + 2] = (byte)block;
                }
                length += 3;
                inBlock = 0;
                block = 0;
                if (padding == 0)
                    continue;
                // The first group with padding ends the key.
                if (padding > 2)
                    return 0;
                return length - padding;
            }
            return length;
        }

        // The alphabet's value of a byte, 0 for '=', Invalid for anything else.
        private static byte Value(byte character)
        {
            if (character >= (byte)'A' && character <= (byte)'Z')
                return (byte)(character - 'A');
            if (character >= (byte)'a' && character <= (byte)'z')
                return (byte)(character - 'a' + 26);
            if (character >= (byte)'0' && character <= (byte)'9')
                return (byte)(character - '0' + 52);
            if (character == (byte)'+')
                return 62;
            if (character == (byte)'/')
                return 63;
            if (character == (byte)'=')
                return 0;
            return Invalid;
        }
    }
}
