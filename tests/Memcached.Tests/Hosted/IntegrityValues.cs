// Values whose content proves where they came from: each is a pure function of (key, version),
// and the version travels as the item's flags, so a reader regenerates the exact bytes expected
// and compares. A value long enough carries "key:version:checksum:" in front of its payload
// (checksum = FNV-1a 32 of the payload), so a value read under the wrong key, a stale block, a
// torn or spliced value all fail the check; shorter values are a prefix of the same text.
// Lengths spread from 1 byte to 100 KB: 40% up to 100 B, 40% up to 4 KB, 20% up to 100 KB; a
// version with UdpWriterBit set (written over UDP, where a request must fit one datagram) stays
// within UdpLengthMax.
// Versions are writer << WriterShift | sequence, so a reader can also check that the version it
// read was issued (Issued).
using System;
using System.Text;

namespace Memcached.Tests.Hosted
{
    internal static class IntegrityValues
    {
        public const int LengthMax = 100 * 1024;
        public const int UdpLengthMax = 32 * 1024;
        public const uint UdpWriterBit = 1u << 31;
        public const int WriterShift = 20;
        public const uint SequenceMask = (1u << WriterShift) - 1;

        public static uint Version(int writer, uint sequence, bool udp) =>
            (udp ? UdpWriterBit : 0) | (uint)writer << WriterShift | (sequence & SequenceMask);

        public static byte[] Make(string key, uint version)
        {
            int lengthMax = (version & UdpWriterBit) != 0 ? UdpLengthMax : LengthMax;
            ulong state = Seed(key, version);
            int length = LengthOf(ref state, lengthMax);
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
                payload[i] = (byte)('a' + (int)(Next(ref state) % 26));
            byte[] header = Encoding.ASCII.GetBytes(key + ":" + version + ":" + Fnv1a(payload).ToString("x8") + ":");
            byte[] value = new byte[length];
            int headerBytes = Math.Min(header.Length, length);
            header.AsSpan(0, headerBytes).CopyTo(value);
            payload.AsSpan(headerBytes).CopyTo(value.AsSpan(headerBytes));
            return value;
        }

        // Null when the value read is exactly the one written for (key, version); otherwise why not.
        public static string? Check(string key, uint version, byte[] value)
        {
            byte[] expected = Make(key, version);
            if (value.AsSpan().SequenceEqual(expected))
                return null;
            string prefix = Encoding.ASCII.GetString(value, 0, Math.Min(value.Length, 48));
            return "key " + key + " version " + version + ": read " + value.Length + " bytes \"" + prefix + "\", expected " + expected.Length;
        }

        private static int LengthOf(ref ulong state, int lengthMax)
        {
            ulong bucket = Next(ref state) % 10;
            int limit = bucket < 4 ? 100 : bucket < 8 ? 4096 : LengthMax;
            limit = Math.Min(limit, lengthMax);
            return 1 + (int)(Next(ref state) % (ulong)limit);
        }

        private static ulong Seed(string key, uint version)
        {
            ulong state = 0x9E3779B97F4A7C15UL ^ version;
            foreach (char c in key)
                state = (state ^ c) * 0x100000001B3UL;
            return state == 0 ? 1 : state;
        }

        private static ulong Next(ref ulong state)
        {
            // xorshift64*
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            return state * 0x2545F4914F6CDD1DUL;
        }

        private static uint Fnv1a(ReadOnlySpan<byte> bytes)
        {
            uint hash = 2166136261;
            foreach (byte b in bytes)
                hash = (hash ^ b) * 16777619;
            return hash;
        }
    }
}
