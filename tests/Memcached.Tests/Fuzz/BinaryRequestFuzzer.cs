// Seeded generator of binary-protocol requests for fuzzing (memcached's protocol_binary.h: a
// 24-byte header, magic 0x80, opcode, key length, extras length, data type, vbucket, total body
// length, opaque, cas; then extras, key, value). Three quarters are well-formed requests of the common
// opcodes with the extras each takes; a quarter are those with header fields or body bytes mutated:
// a wrong magic, an unknown opcode, lengths that disagree with each other or with the body, a
// body length up to 4 GB, bytes flipped anywhere.
using System;

namespace Memcached.Tests.Fuzz
{
    internal sealed class BinaryRequestFuzzer
    {
        public const int HeaderBytes = 24;

        // (opcode, extras length): get, set, add, replace, delete, incr, decr, quit, flush, getq,
        // noop, version, getk, getkq, append, prepend, stat, setq, deleteq, incrq, touch, gat.
        private static readonly (byte Opcode, int Extras)[] Opcodes =
        {
            (0x00, 0), (0x01, 8), (0x02, 8), (0x03, 8), (0x04, 0), (0x05, 20), (0x06, 20), (0x07, 0), (0x08, 4),
            (0x09, 0), (0x0a, 0), (0x0b, 0), (0x0c, 0), (0x0d, 0), (0x0e, 0), (0x0f, 0), (0x10, 0), (0x11, 8),
            (0x14, 0), (0x15, 20), (0x1c, 4), (0x1d, 4),
        };

        private readonly Random random;

        public BinaryRequestFuzzer(int seed)
        {
            random = new Random(seed);
        }

        public byte[] Next()
        {
            byte[] request = WellFormed();
            if (random.Next(4) == 0)
                Mutate(request);
            return request;
        }

        private byte[] WellFormed()
        {
            (byte opcode, int extras) = Opcodes[random.Next(Opcodes.Length)];
            byte[] key = System.Text.Encoding.ASCII.GetBytes("bk" + random.Next(40));
            bool takesKey = opcode != 0x07 && opcode != 0x08 && opcode != 0x0a && opcode != 0x0b && opcode != 0x10;
            int keyLength = takesKey ? key.Length : 0;
            bool takesValue = opcode is 0x01 or 0x02 or 0x03 or 0x0e or 0x0f or 0x11;
            int valueLength = takesValue ? random.Next(0, 64) : 0;
            byte[] request = new byte[HeaderBytes + extras + keyLength + valueLength];
            request[0] = 0x80;
            request[1] = opcode;
            request[2] = (byte)(keyLength >> 8);
            request[3] = (byte)keyLength;
            request[4] = (byte)extras;
            WriteUInt32(request, 8, (uint)(extras + keyLength + valueLength));
            WriteUInt32(request, 12, (uint)random.Next());
            for (int i = 0; i < extras; i++)
                request[HeaderBytes + i] = (byte)random.Next(4);
            key.AsSpan(0, keyLength).CopyTo(request.AsSpan(HeaderBytes + extras));
            for (int i = 0; i < valueLength; i++)
                request[HeaderBytes + extras + keyLength + i] = (byte)('a' + random.Next(26));
            return request;
        }

        private void Mutate(byte[] request)
        {
            switch (random.Next(12))
            {
                case 0: request[1] = (byte)random.Next(256); break;                      // any opcode
                case 1: request[2] = (byte)random.Next(256); request[3] = (byte)random.Next(256); break; // key length
                case 2: request[4] = (byte)random.Next(256); break;                      // extras length
                case 3: WriteUInt32(request, 8, (uint)random.Next(0, 200)); break;       // body length off
                case 4 when random.Next(4) == 0: // a body far over the item limit: swallowed or refused
                    WriteUInt32(request, 8, random.Next(4) == 0 ? uint.MaxValue : (uint)random.Next(1 << 21, int.MaxValue));
                    break;
                default:
                    int flips = 1 + random.Next(4);
                    for (int i = 0; i < flips; i++)
                        request[random.Next(request.Length)] ^= (byte)(1 << random.Next(8));
                    break;
            }
        }

        private static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }
    }
}
