// The image's symbol map: code addresses with their names, so that a panic can say which method
// faulted and which methods the frames are in (an unhandled exception's type and methods are
// named by CoreLib's own report, from its stack-trace metadata). The image
// build extracts the symbols from the first link pass (OSv.Sdk/Tasks/SymbolMapWriter.cs) and links
// them back in as the last section (.osv_symbols); the final image keeps no ELF symbol table.
//
// Only what a panic can name is kept: symbols in executable sections (a faulting rip, a return
// address), one name per address. Data labels (MethodTables, EH tables, statics, string
// literals) are left out: nothing looks them up, and they were most of the names.
//
// Format (little-endian):
//   header   u32 magic "OSY2", u32 count, u32 namesBytes, u32 reserved (0), u64 baseAddress
//   entries  count × { u32 addressOffset; u32 sizeBytes }, sorted by addressOffset, counted from
//            baseAddress (the first symbol's address); sizeBytes 0 means "unknown" (matches any
//            offset), and the writer gives unsized labels the distance to the next symbol
//   blocks   ceil(count / NamesPerBlock) × u32: where each block's first name starts in names
//   names    for each entry in address order: LEB128 sharedBytes, LEB128 suffixBytes, suffix.
//            The name is the previous name's first sharedBytes bytes followed by the suffix
//            (front coding); the first name of each block has sharedBytes 0, so any name is
//            rebuilt from at most NamesPerBlock steps. No name exceeds NameBytesMax bytes.
// Front coding in address order works because ilc emits a type's methods together, so
// neighbours share their long namespace-and-type prefix: Hello's 3,923 kept names take 275 KB
// as C strings and 133 KB front coded (docs/runtime.md has the image sizes).
//
// A lookup is a binary search over the fixed-size entries (log2 count steps) and at most
// NamesPerBlock name steps, each checked against the blob's bounds: it allocates nothing and a
// corrupt blob gives "no symbol", never a read outside it (the panic path depends on both).
using System;

namespace OSv.Core.Diagnostics
{
    public readonly ref struct SymbolMap
    {
        public const uint Magic = 0x3259534F; // "OSY2"
        public const int HeaderBytes = 24;
        public const int EntryBytes = 8;
        public const int BlockIndexEntryBytes = 4;
        public const int NamesPerBlock = 16;
        public const int NameBytesMax = 512;
        private const int LengthBytesMax = 2; // LEB128 of a value < NameBytesMax

        private readonly ReadOnlySpan<byte> _blob;
        private readonly int _count;
        private readonly ulong _baseAddress;
        private readonly int _blocksStart;
        private readonly int _namesStart;
        private readonly int _namesBytes;

        public SymbolMap(ReadOnlySpan<byte> blob)
        {
            _blob = blob;
            _count = 0;
            _baseAddress = 0;
            _blocksStart = 0;
            _namesStart = 0;
            _namesBytes = 0;
            if (blob.Length < HeaderBytes || ReadUInt32(blob, 0) != Magic)
                return;
            uint count = ReadUInt32(blob, 4);
            uint namesBytes = ReadUInt32(blob, 8);
            if (TotalBytes(count, namesBytes) > (ulong)blob.Length)
                return; // truncated or corrupt: behave as empty rather than read past the end
            _count = (int)count;
            _baseAddress = ReadUInt32(blob, 16) | ((ulong)ReadUInt32(blob, 20) << 32);
            _blocksStart = HeaderBytes + _count * EntryBytes;
            _namesStart = _blocksStart + BlockCount(count) * BlockIndexEntryBytes;
            _namesBytes = (int)namesBytes;
        }

        // The size a header claims (count at offset 4, namesBytes at 8), for a caller that only
        // has a pointer to the blob and must bound the span it makes.
        public static ulong TotalBytes(uint count, uint namesBytes) =>
            (ulong)HeaderBytes + (ulong)count * EntryBytes + (ulong)BlockCount(count) * BlockIndexEntryBytes + namesBytes;

        private static int BlockCount(uint count) => (int)((count + (ulong)NamesPerBlock - 1) / NamesPerBlock);

        public int Count => _count;

        // Finds the symbol containing address and writes its name into nameBuffer (at least
        // NameBytesMax bytes). Returns false when no symbol starts at or below the address, the
        // nearest one has a size and ends before it, or the blob is corrupt.
        public bool TryLookup(ulong address, Span<byte> nameBuffer, out int nameLength, out ulong offset)
        {
            nameLength = 0;
            offset = 0;
            if (_count == 0 || address < _baseAddress || nameBuffer.Length < NameBytesMax)
                return false;
            ulong addressOffset = address - _baseAddress;
            int low = 0, high = _count - 1, found = -1;
            while (low <= high)
            {
                int middle = low + (high - low) / 2;
                if (EntryOffset(middle) <= addressOffset)
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
            ulong candidateOffset = addressOffset - EntryOffset(found);
            uint size = ReadUInt32(_blob, HeaderBytes + found * EntryBytes + 4);
            if (size != 0 && candidateOffset >= size)
                return false;
            if (!TryDecodeName(found, nameBuffer, out nameLength))
                return false;
            offset = candidateOffset;
            return true;
        }

        private ulong EntryOffset(int index) => ReadUInt32(_blob, HeaderBytes + index * EntryBytes);

        // Rebuilds name number index from the start of its block: at most NamesPerBlock steps.
        private bool TryDecodeName(int index, Span<byte> nameBuffer, out int nameLength)
        {
            nameLength = 0;
            int block = index / NamesPerBlock;
            uint blockStart = ReadUInt32(_blob, _blocksStart + block * BlockIndexEntryBytes);
            if (blockStart >= (uint)_namesBytes)
                return false;
            ReadOnlySpan<byte> names = _blob.Slice(_namesStart, _namesBytes);
            int position = (int)blockStart;
            int length = 0;
            for (int entry = block * NamesPerBlock; entry <= index; entry++)
            {
                if (!TryReadLength(names, ref position, out int sharedBytes) || !TryReadLength(names, ref position, out int suffixBytes))
                    return false;
                if (sharedBytes > length || sharedBytes + suffixBytes > NameBytesMax || suffixBytes > names.Length - position)
                    return false; // the first name of a block shares nothing (length is 0 there)
                for (int i = 0; i < suffixBytes; i++)
                    nameBuffer[sharedBytes + i] = names[position + i];
                position += suffixBytes;
                length = sharedBytes + suffixBytes;
            }
            nameLength = length;
            return true;
        }

        // LEB128, at most LengthBytesMax bytes.
        private static bool TryReadLength(ReadOnlySpan<byte> names, ref int position, out int value)
        {
            value = 0;
            for (int i = 0; i < LengthBytesMax; i++)
            {
                if (position >= names.Length)
                    return false;
                byte next = names[position++];
                value |= (next & 0x7F) << (7 * i);
                if ((next & 0x80) == 0)
                    return true;
            }
            return false;
        }

        private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int position) =>
            (uint)(bytes[position] | (bytes[position + 1] << 8) | (bytes[position + 2] << 16) | (bytes[position + 3] << 24));
    }
}
