// The few AML encodings (ACPI 6.5, chapter 20) needed to walk a DSDT's namespace without
// executing it: package lengths, name strings, integer constants and data objects. Pure
// functions over the table bytes; each takes the end of the enclosing object and fails rather
// than read past it, so a lying length cannot move a reader outside its parent.
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static class AmlReader
    {
        public const byte ZeroOp = 0x00, OneOp = 0x01, OnesOp = 0xFF;
        public const byte BytePrefix = 0x0A, WordPrefix = 0x0B, DWordPrefix = 0x0C, QWordPrefix = 0x0E;
        public const byte StringPrefix = 0x0D;
        public const byte BufferOp = 0x11, PackageOp = 0x12, VarPackageOp = 0x13;
        public const byte ExtendedOpPrefix = 0x5B;
        public const byte RevisionOp = 0x30; // after ExtendedOpPrefix

        private const byte RootChar = 0x5C, ParentPrefixChar = 0x5E;
        private const byte DualNamePrefix = 0x2E, MultiNamePrefix = 0x2F, NullName = 0x00;
        private const int NameSegBytes = 4;
        private const int PkgLengthFollowingBytesMax = 3;

        // PkgLength (20.2.4): the lead byte's bits 7:6 count the bytes that follow (0-3). With
        // none, bits 5:0 are the length; otherwise bits 3:0 are its low nibble (bits 5:4 must be
        // zero) and each following byte adds 8 bits. The length counts itself, so the package
        // ends at `at + length`, which must lie within end.
        public static bool TryReadPackageLength(ReadOnlySpan<byte> aml, int at, int end, out int packageEnd, out int contentStart)
        {
            packageEnd = 0;
            contentStart = 0;
            if (at < 0 || at >= end || end > aml.Length)
                return false;
            byte lead = aml[at];
            int following = lead >> 6;
            if (at + 1 + following > end)
                return false;
            int length;
            if (following == 0)
                length = lead & 0x3F;
            else
            {
                if ((lead & 0x30) != 0)
                    return false;
                length = lead & 0x0F;
                for (int i = 1; i <= following && i <= PkgLengthFollowingBytesMax; i++)
                    length |= aml[at + i] << (4 + 8 * (i - 1));
            }
            if (length < 1 + following || length > end - at)
                return false;
            packageEnd = at + length;
            contentStart = at + 1 + following;
            return true;
        }

        // NameString (20.2.2): optional '\' or '^'s, then a NameSeg, a dual or multi name path, or
        // the null name. lastSegment is the final 4-character segment as a little-endian uint
        // (0 for the null name), which is what object lookups compare.
        public static bool TryReadNameString(ReadOnlySpan<byte> aml, int at, int end, out int after, out uint lastSegment)
        {
            after = 0;
            lastSegment = 0;
            int p = at;
            if (p < end && aml[p] == RootChar)
                p++;
            else
            {
                while (p < end && aml[p] == ParentPrefixChar)
                    p++;
            }
            if (p >= end)
                return false;
            int segments;
            if (aml[p] == NullName)
            {
                after = p + 1;
                return true;
            }
            if (aml[p] == DualNamePrefix)
            {
                segments = 2;
                p++;
            }
            else if (aml[p] == MultiNamePrefix)
            {
                if (p + 1 >= end)
                    return false;
                segments = aml[p + 1];
                p += 2;
                if (segments == 0)
                    return false;
            }
            else
                segments = 1;
            if (segments > (end - p) / NameSegBytes)
                return false;
            for (int s = 0; s < segments; s++, p += NameSegBytes)
            {
                if (!IsNameSeg(aml.Slice(p, NameSegBytes)))
                    return false;
                lastSegment = LittleEndian.ReadUInt32(aml, p);
            }
            after = p;
            return true;
        }

        // An integer constant (20.2.3): Zero, One, Ones, or a byte/word/dword/qword prefix.
        public static bool TryReadInteger(ReadOnlySpan<byte> aml, int at, int end, out ulong value, out int after)
        {
            value = 0;
            after = 0;
            if (at < 0 || at >= end || end > aml.Length)
                return false;
            int width;
            switch (aml[at])
            {
                case ZeroOp: value = 0; after = at + 1; return true;
                case OneOp: value = 1; after = at + 1; return true;
                case OnesOp: value = ulong.MaxValue; after = at + 1; return true;
                case BytePrefix: width = 1; break;
                case WordPrefix: width = 2; break;
                case DWordPrefix: width = 4; break;
                case QWordPrefix: width = 8; break;
                default: return false;
            }
            if (width > end - at - 1)
                return false;
            for (int i = width - 1; i >= 0; i--)
                value = (value << 8) | aml[at + 1 + i];
            after = at + 1 + width;
            return true;
        }

        // A string constant: ASCII up to a NUL inside end. [start, start + length) excludes the NUL.
        public static bool TryReadString(ReadOnlySpan<byte> aml, int at, int end, out int start, out int length, out int after)
        {
            start = 0;
            length = 0;
            after = 0;
            if (at < 0 || at >= end || end > aml.Length || aml[at] != StringPrefix)
                return false;
            for (int p = at + 1; p < end; p++)
            {
                if (aml[p] == 0)
                {
                    start = at + 1;
                    length = p - start;
                    after = p + 1;
                    return true;
                }
            }
            return false;
        }

        // A buffer (20.2.5.4): BufferOp PkgLength BufferSize ByteList. The initialiser bytes are
        // [dataStart, dataStart + dataLength): the package's remaining bytes, never more than
        // BufferSize (which must be an integer constant here).
        public static bool TryReadBuffer(ReadOnlySpan<byte> aml, int at, int end, out int dataStart, out int dataLength, out int after)
        {
            dataStart = 0;
            dataLength = 0;
            after = 0;
            if (at < 0 || at >= end || end > aml.Length || aml[at] != BufferOp)
                return false;
            if (!TryReadPackageLength(aml, at + 1, end, out int packageEnd, out int content))
                return false;
            if (!TryReadInteger(aml, content, packageEnd, out ulong declared, out int bytes))
                return false;
            dataStart = bytes;
            dataLength = (int)Math.Min((ulong)(packageEnd - bytes), declared);
            after = packageEnd;
            return true;
        }

        // Skips a DataRefObject as a Name may hold it: integer, string, buffer, package,
        // variable package, or Revision. Anything else fails (the walker reports it).
        public static bool TrySkipDataObject(ReadOnlySpan<byte> aml, int at, int end, out int after)
        {
            after = 0;
            if (at < 0 || at >= end || end > aml.Length)
                return false;
            if (TryReadInteger(aml, at, end, out _, out after))
                return true;
            byte op = aml[at];
            if (op == StringPrefix)
                return TryReadString(aml, at, end, out _, out _, out after);
            if (op == BufferOp || op == PackageOp || op == VarPackageOp)
            {
                if (!TryReadPackageLength(aml, at + 1, end, out int packageEnd, out _))
                    return false;
                after = packageEnd;
                return true;
            }
            if (op == ExtendedOpPrefix && at + 1 < end && aml[at + 1] == RevisionOp)
            {
                after = at + 2;
                return true;
            }
            return false;
        }

        public static uint NameSeg(string name) =>
            (uint)(name[0] | (name[1] << 8) | (name[2] << 16) | (name[3] << 24));

        // A NameSeg is a lead character [A-Z_] followed by three of [A-Z0-9_] (20.2.2).
        private static bool IsNameSeg(ReadOnlySpan<byte> segment)
        {
            for (int i = 0; i < NameSegBytes; i++)
            {
                byte c = segment[i];
                bool letter = (c >= (byte)'A' && c <= (byte)'Z') || c == (byte)'_';
                bool digit = c >= (byte)'0' && c <= (byte)'9';
                if (!(letter || (digit && i > 0)))
                    return false;
            }
            return true;
        }
    }
}
