// One object mapped by the DynamicLinker: its parsed file, where its span landed, its TLS module
// and its place in the dependency graph. Reads of the mapped image taken from the object's own
// tables (symbols, strings, hash words) go through the bounds-checked helpers here, so a corrupt
// table can make a lookup fail but never read outside the span.
//
// Addresses: the object was linked at virtual addresses starting near 0; it runs at
// LoadBias + vaddr, where LoadBias = SpanBase - File.SpanStart.
namespace OSv.Loader.Linking
{
    using System;
    using OSv.Loader.Elf;

    public sealed unsafe class LoadedObject
    {
        internal LoadedObject(byte[] name, ElfFile file, byte* spanBase, int handle)
        {
            Name = name;
            File = file;
            SpanBase = spanBase;
            Handle = handle;
        }

        /// <summary>The name it was loaded by (DT_NEEDED entry, dlopen argument or program path).</summary>
        public byte[] Name { get; }
        public ElfFile File { get; }
        public byte* SpanBase { get; }
        public ulong SpanBytes => File.SpanBytes;
        /// <summary>Stable handle for dlopen/dlsym/dlclose (never 0).</summary>
        public int Handle { get; }
        public nint LoadBias => (nint)(SpanBase - File.SpanStart);
        /// <summary>Entry point (AT_ENTRY), or 0 when e_entry is 0.</summary>
        public nint EntryPoint => File.Entry == 0 ? 0 : Address(File.Entry);
        /// <summary>Address of the program headers in memory (AT_PHDR), or 0 when not mapped.</summary>
        public nint ProgramHeaders { get; internal set; }
        public int ProgramHeaderCount => File.ProgramHeaderCount;
        /// <summary>TLS module id (1-based), or 0 when the object has no PT_TLS.</summary>
        public ulong TlsModuleId { get; internal set; }

        internal ulong SymbolCount;
        // DT_GNU_HASH header words, read and validated once by SymbolLookup.Prepare.
        internal uint GnuBucketCount, GnuSymbolOffset, GnuBloomWords, GnuBloomShift;
        internal readonly LoadedObject?[] Dependencies = new LoadedObject?[LoaderLimits.NeededMax];
        internal int DependencyCount;
        internal int References;
        internal bool Initialized, Finalized, IsExecutable;
        internal bool Visited;

        public nint Address(ulong virtualAddress) => LoadBias + (nint)virtualAddress;

        /// <summary>True when <paramref name="address"/> (a run-time address) lies in one of this
        /// object's executable PT_LOADs: the check before the loader calls into the object.</summary>
        public bool ContainsCode(nint address) =>
            address >= LoadBias && File.SegmentContains((ulong)(address - LoadBias), 1, ElfConstants.PfExecute);

        /// <summary>The soname, or the load name when the object has no DT_SONAME.</summary>
        public System.ReadOnlySpan<byte> Soname =>
            File.Dynamic.HasSoname && TryReadString(File.Dynamic.SonameOffset, out System.ReadOnlySpan<byte> soname) ? soname : Name;

        /// <summary>The NUL-terminated string at <paramref name="offset"/> in DT_STRTAB, without the NUL.</summary>
        public bool TryReadString(ulong offset, out System.ReadOnlySpan<byte> text)
        {
            text = default;
            DynamicInfo dynamic = File.Dynamic;
            if (dynamic.StringTable == 0 || offset >= dynamic.StringTableBytes)
                return false;
            ulong available = dynamic.StringTableBytes - offset;
            int limit = available < LoaderLimits.NameBytesMax ? (int)available : LoaderLimits.NameBytesMax;
            byte* start = (byte*)Address(dynamic.StringTable + offset);
            int length = new System.ReadOnlySpan<byte>(start, limit).IndexOf((byte)0);
            if (length < 0)
                return false;
            text = new System.ReadOnlySpan<byte>(start, length);
            return true;
        }

        public bool TryReadSymbol(ulong index, out Symbol symbol)
        {
            symbol = default;
            if (index >= SymbolCount)
                return false;
            symbol = *(Symbol*)Address(File.Dynamic.SymbolTable + index * ElfConstants.SymbolBytes);
            return true;
        }

        /// <summary>A 32-bit word of a hash table: index <paramref name="index"/> from <paramref name="table"/>.</summary>
        internal bool TryReadWord(ulong table, ulong index, out uint word)
        {
            word = 0;
            if (index > (LoaderLimits.VirtualAddressLimit >> 2) || !File.SpanContains(table + index * 4, 4))
                return false;
            word = *(uint*)Address(table + index * 4);
            return true;
        }

        internal bool TryReadLong(ulong address, out ulong value)
        {
            value = 0;
            if (!File.SpanContains(address, 8))
                return false;
            value = *(ulong*)Address(address);
            return true;
        }

        /// <summary>The run-time value of a symbol this object defines.</summary>
        public nint SymbolAddress(in Symbol symbol) =>
            symbol.SectionIndex == ElfConstants.ShnAbsolute ? (nint)symbol.Value : Address(symbol.Value);

        public override string ToString() => LoaderText.FromBytes(Name);
    }
}
