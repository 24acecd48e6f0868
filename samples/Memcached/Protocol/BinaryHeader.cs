// The binary protocol's 24-byte packet header ("Binary Protocol Revamped" section 3.1;
// memcached's protocol_binary_request_header), read from requests and written for responses.
// Every multi-byte field is big-endian ("network byte order").
//
//   byte  0     magic         0x80 request, 0x81 response
//   byte  1     opcode        BinaryOpcode
//   bytes 2-3   key length
//   byte  4     extras length
//   byte  5     data type     0 (raw bytes), the only type defined
//   bytes 6-7   vbucket id (request) / status (response)
//   bytes 8-11  total body length: extras + key + value
//   bytes 12-15 opaque        copied from request to response untouched
//   bytes 16-23 CAS
// The body follows: extras, then key, then value.
//
// Two layers, as smoltcp's wire code: TryRead is the one length check, after which the fields
// are plain values; whether they make sense together is BinaryRequestCheck's question.
// Pure span code: no allocation, no throw (a short span is refused with false).
using System;

namespace Memcached.Protocol
{
    public readonly struct BinaryHeader
    {
        public const int Bytes = 24;
        public const byte RequestMagic = 0x80;
        public const byte ResponseMagic = 0x81;

        public readonly byte Magic;
        public readonly BinaryOpcode Opcode;
        public readonly ushort KeyLength;
        public readonly byte ExtrasLength;
        public readonly byte DataType;
        public readonly ushort VBucketOrStatus;
        public readonly uint BodyLength;
        public readonly uint Opaque;
        public readonly ulong Cas;

        public BinaryHeader(byte magic, BinaryOpcode opcode, ushort keyLength, byte extrasLength, byte dataType,
            ushort vbucketOrStatus, uint bodyLength, uint opaque, ulong cas)
        {
            Magic = magic;
            Opcode = opcode;
            KeyLength = keyLength;
            ExtrasLength = extrasLength;
            DataType = dataType;
            VBucketOrStatus = vbucketOrStatus;
            BodyLength = bodyLength;
            Opaque = opaque;
            Cas = cas;
        }

        // Body bytes after the extras and key (the value); negative when the lengths disagree.
        public long ValueLength => (long)BodyLength - KeyLength - ExtrasLength;

        // The whole packet: header and body.
        public long PacketLength => Bytes + (long)BodyLength;

        public static bool TryRead(ReadOnlySpan<byte> data, out BinaryHeader header)
        {
            if (data.Length < Bytes)
            {
                header = default;
                return false;
            }
            header = new BinaryHeader(data[0], (BinaryOpcode)data[1], ReadUInt16(data, 2), data[4], data[5],
                ReadUInt16(data, 6), ReadUInt32(data, 8), ReadUInt32(data, 12), ReadUInt64(data, 16));
            return true;
        }

        // Writes this header (as it stands, any magic) into destination[0..24); false when short.
        public bool TryWrite(Span<byte> destination)
        {
            if (destination.Length < Bytes)
                return false;
            destination[0] = Magic;
            destination[1] = (byte)Opcode;
            WriteUInt16(destination, 2, KeyLength);
            destination[4] = ExtrasLength;
            destination[5] = DataType;
            WriteUInt16(destination, 6, VBucketOrStatus);
            WriteUInt32(destination, 8, BodyLength);
            WriteUInt32(destination, 12, Opaque);
            WriteUInt64(destination, 16, Cas);
            return true;
        }

        // A response header: magic 0x81, the request's opcode and opaque, data type 0.
        public static BinaryHeader Response(BinaryOpcode opcode, BinaryStatus status, int keyLength, int extrasLength,
            int bodyLength, uint opaque, ulong cas) =>
            new BinaryHeader(ResponseMagic, opcode, (ushort)keyLength, (byte)extrasLength, 0, (ushort)status,
                (uint)bodyLength, opaque, cas);

        public static ushort ReadUInt16(ReadOnlySpan<byte> data, int offset) =>
            (ushort)((data[offset] << 8) | data[offset + 1]);

        public static uint ReadUInt32(ReadOnlySpan<byte> data, int offset) =>
            ((uint)data[offset] << 24) | ((uint)data[offset + 1] << 16) | ((uint)data[offset + 2] << 8) | data[offset + 3];

        public static ulong ReadUInt64(ReadOnlySpan<byte> data, int offset) =>
            ((ulong)ReadUInt32(data, offset) << 32) | ReadUInt32(data, offset + 4);

        public static void WriteUInt16(Span<byte> destination, int offset, ushort value)
        {
            destination[offset] = (byte)(value >> 8);
            destination[offset + 1] = (byte)value;
        }

        public static void WriteUInt32(Span<byte> destination, int offset, uint value)
        {
            destination[offset] = (byte)(value >> 24);
            destination[offset + 1] = (byte)(value >> 16);
            destination[offset + 2] = (byte)(value >> 8);
            destination[offset + 3] = (byte)value;
        }

        public static void WriteUInt64(Span<byte> destination, int offset, ulong value)
        {
            WriteUInt32(destination, offset, (uint)(value >> 32));
            WriteUInt32(destination, offset + 4, (uint)value);
        }
    }
}
