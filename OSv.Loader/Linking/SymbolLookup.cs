// Finds a defined, exported symbol by name in one object through its hash table.
//
// DT_GNU_HASH (the GNU extension; layout as documented by Ali Bahrami, "GNU Hash ELF Sections",
// and binutils): nbuckets, symoffset, bloom_size, bloom_shift, then bloom_size 64-bit Bloom words,
// nbuckets 32-bit buckets and one 32-bit chain word per symbol from symoffset on. A lookup tests
// two bits of one Bloom word, then walks the bucket's chain comparing hashes (low bit masked)
// until a word with the low bit set ends it. DT_HASH (gABI 5.10): nbucket, nchain, buckets,
// chains; chains are followed until index 0. GNU hash is used when both exist.
//
// Safety: tables come from the file. Prepare validates the table headers, keeps the GNU header
// words in the LoadedObject (so a lookup does not re-read them) and fixes SymbolCount
// (nchain for DT_HASH, otherwise what fits in the span); every chain or symbol index is checked
// against it and every walk is bounded by it, so a corrupt table ends a lookup, never the loader.
//
// Names are compared byte for byte; version tags are not part of .dynstr names. When DT_VERSYM
// exists, symbols whose version is hidden (non-default, VERSYM_HIDDEN) are skipped, as an
// unversioned reference in ld.so would skip them.
namespace OSv.Loader.Linking
{
    using System;
    using OSv.Loader.Elf;

    public static unsafe class SymbolLookup
    {
        public static uint GnuHash(ReadOnlySpan<byte> name)
        {
            uint hash = 5381;
            foreach (byte c in name)
                hash = hash * 33 + c;
            return hash;
        }

        public static uint ElfHash(ReadOnlySpan<byte> name)
        {
            uint hash = 0;
            foreach (byte c in name)
            {
                hash = (hash << 4) + c;
                uint high = hash & 0xf0000000;
                hash ^= high >> 24;
                hash &= ~high;
            }
            return hash;
        }

        /// <summary>Validates the hash table headers and sets SymbolCount. Null or an error.</summary>
        internal static string? Prepare(LoadedObject obj)
        {
            DynamicInfo dynamic = obj.File.Dynamic;
            if (dynamic.SymbolTable == 0)
                return null;
            ulong fitting = (obj.File.SpanEnd - dynamic.SymbolTable) / ElfConstants.SymbolBytes;
            obj.SymbolCount = fitting;
            if (dynamic.Hash != 0)
            {
                if (!obj.TryReadWord(dynamic.Hash, 0, out uint buckets) || !obj.TryReadWord(dynamic.Hash, 1, out uint chains))
                    return "DT_HASH header outside the load span";
                if (buckets == 0 || chains > fitting || !obj.File.SpanContains(dynamic.Hash + 8, ((ulong)buckets + chains) * 4))
                    return "DT_HASH: bucket or chain count out of range";
                obj.SymbolCount = chains;
            }
            if (dynamic.GnuHash != 0)
            {
                obj.TryReadWord(dynamic.GnuHash, 0, out uint buckets);
                obj.TryReadWord(dynamic.GnuHash, 2, out uint bloomWords);
                if (buckets == 0 || bloomWords == 0 || (bloomWords & (bloomWords - 1)) != 0)
                    return "DT_GNU_HASH: bucket count zero or Bloom size not a power of two";
                if (!obj.File.SpanContains(dynamic.GnuHash + 16, (ulong)bloomWords * 8 + (ulong)buckets * 4))
                    return "DT_GNU_HASH: Bloom filter or buckets outside the load span";
                obj.TryReadWord(dynamic.GnuHash, 1, out obj.GnuSymbolOffset);
                obj.TryReadWord(dynamic.GnuHash, 3, out obj.GnuBloomShift);
                obj.GnuBucketCount = buckets;
                obj.GnuBloomWords = bloomWords;
            }
            return null;
        }

        /// <summary>Looks <paramref name="name"/> up among the symbols <paramref name="obj"/> defines
        /// and exports (global, weak or unique binding).</summary>
        public static bool TryFind(LoadedObject obj, ReadOnlySpan<byte> name, uint gnuHash, uint elfHash, out Symbol symbol)
        {
            DynamicInfo dynamic = obj.File.Dynamic;
            if (dynamic.GnuHash != 0)
                return TryFindGnu(obj, name, gnuHash, out symbol);
            if (dynamic.Hash != 0)
                return TryFindElf(obj, name, elfHash, out symbol);
            symbol = default;
            return false;
        }

        private static bool TryFindGnu(LoadedObject obj, ReadOnlySpan<byte> name, uint hash, out Symbol symbol)
        {
            symbol = default;
            ulong table = obj.File.Dynamic.GnuHash;
            uint bucketCount = obj.GnuBucketCount, symbolOffset = obj.GnuSymbolOffset;
            uint bloomWords = obj.GnuBloomWords, bloomShift = obj.GnuBloomShift;
            ulong bloom = table + 16;
            obj.TryReadLong(bloom + (ulong)((hash / 64) & (bloomWords - 1)) * 8, out ulong word);
            ulong mask = (1UL << (int)(hash % 64)) | (1UL << (int)((hash >> (int)(bloomShift & 31)) % 64));
            if ((word & mask) != mask)
                return false;
            ulong buckets = bloom + (ulong)bloomWords * 8;
            obj.TryReadWord(buckets, hash % bucketCount, out uint index);
            if (index == 0 || index < symbolOffset)
                return false;
            ulong chains = buckets + (ulong)bucketCount * 4;
            for (ulong i = index; i < obj.SymbolCount; i++)
            {
                if (!obj.TryReadWord(chains, i - symbolOffset, out uint chainHash))
                    return false;
                if ((chainHash | 1) == (hash | 1) && Matches(obj, i, name, out symbol))
                    return true;
                if ((chainHash & 1) != 0)
                    return false;
            }
            return false;
        }

        private static bool TryFindElf(LoadedObject obj, ReadOnlySpan<byte> name, uint hash, out Symbol symbol)
        {
            symbol = default;
            ulong table = obj.File.Dynamic.Hash;
            obj.TryReadWord(table, 0, out uint bucketCount);
            obj.TryReadWord(table, 2 + hash % bucketCount, out uint index);
            ulong chains = table + 8 + (ulong)bucketCount * 4;
            for (ulong steps = 0; index != 0 && steps < obj.SymbolCount; steps++)
            {
                if (index >= obj.SymbolCount)
                    return false;
                if (Matches(obj, index, name, out symbol))
                    return true;
                obj.TryReadWord(chains, index, out index);
            }
            return false;
        }

        private static bool Matches(LoadedObject obj, ulong index, ReadOnlySpan<byte> name, out Symbol symbol)
        {
            if (!obj.TryReadSymbol(index, out symbol) || !symbol.IsDefined)
                return false;
            int binding = symbol.Binding;
            if (binding != ElfConstants.StbGlobal && binding != ElfConstants.StbWeak && binding != ElfConstants.StbGnuUnique)
                return false;
            if (symbol.Kind == ElfConstants.SttSection)
                return false;
            if (!obj.TryReadString(symbol.NameOffset, out ReadOnlySpan<byte> candidate) || !candidate.SequenceEqual(name))
                return false;
            return !IsHiddenVersion(obj, index);
        }

        private static bool IsHiddenVersion(LoadedObject obj, ulong index)
        {
            ulong versions = obj.File.Dynamic.VersionSymbols;
            if (versions == 0 || !obj.File.SpanContains(versions + index * 2, 2))
                return false;
            return (*(ushort*)obj.Address(versions + index * 2) & ElfConstants.VersymHidden) != 0;
        }
    }
}
