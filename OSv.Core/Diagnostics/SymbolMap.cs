// The image's symbol map: code and data addresses with their names, so that a panic can say
// which method faulted and which type an unhandled exception has. The image build extracts the
// symbols from the linked kernel and links them back in as the last section (.osv_symbols).
//
// Format (little-endian): u32 magic "OSYM", u32 count, u32 namesBytes, u32 reserved, then count
// entries { u64 address; u32 nameOffset; u32 sizeBytes } sorted by address, then namesBytes of
// names as UTF-8, NUL-terminated, nameOffset counted from the first name byte.
using System;

namespace OSv.Core.Diagnostics
{
    public readonly ref struct SymbolMap
    {
        public const uint Magic = 0x4D59534F; // "OSYM"
        public const int HeaderBytes = 16;
        public const int EntryBytes = 16;

        private readonly ReadOnlySpan<byte> _blob;
        private readonly int _count;

        public SymbolMap(ReadOnlySpan<byte> blob)
        {
            _blob = blob;
            _count = 0;
            if (blob.Length < HeaderBytes || ReadUInt32(blob, 0) != Magic)
                return;
            uint count = ReadUInt32(blob, 4);
            uint namesBytes = ReadUInt32(blob, 8);
            if ((ulong)HeaderBytes + (ulong)count * EntryBytes + namesBytes > (ulong)blob.Length)
                return; // truncated or corrupt: behave as empty rather than read past the end
            _count = (int)count;
        }

        // The size the header claims, for a caller that only has a pointer to the blob.
        public static ulong TotalBytes(uint count, uint namesBytes) => (ulong)HeaderBytes + (ulong)count * EntryBytes + namesBytes;

        public int Count => _count;

        // Finds the symbol containing address. Returns false when no symbol starts at or below it,
        // or the nearest one has a size and ends before it.
        public bool TryLookup(ulong address, out ReadOnlySpan<byte> name, out ulong offset)
        {
            name = default;
            offset = 0;
            int low = 0, high = _count - 1, found = -1;
            while (low <= high)
            {
                int middle = low + (high - low) / 2;
                if (EntryAddress(middle) <= address)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }
            if (found < 0)
                return false;
            offset = address - EntryAddress(found);
            uint size = ReadUInt32(_blob, HeaderBytes + found * EntryBytes + 12);
            if (size != 0 && offset >= size)
                return false;
            name = EntryName(found);
            return true;
        }

        private ulong EntryAddress(int index)
        {
            int position = HeaderBytes + index * EntryBytes;
            return ReadUInt32(_blob, position) | ((ulong)ReadUInt32(_blob, position + 4) << 32);
        }

        private ReadOnlySpan<byte> EntryName(int index)
        {
            int namesStart = HeaderBytes + _count * EntryBytes;
            uint nameOffset = ReadUInt32(_blob, HeaderBytes + index * EntryBytes + 8);
            if (nameOffset >= (uint)(_blob.Length - namesStart))
                return default;
            ReadOnlySpan<byte> rest = _blob.Slice(namesStart + (int)nameOffset);
            int length = rest.IndexOf((byte)0);
            return length < 0 ? rest : rest.Slice(0, length);
        }

        private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int position) =>
            (uint)(bytes[position] | (bytes[position + 1] << 8) | (bytes[position + 2] << 16) | (bytes[position + 3] << 24));
    }
}
