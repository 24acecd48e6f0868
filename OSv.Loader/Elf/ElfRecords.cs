// The fixed-size records of an ELF64 file exactly as laid out on disk (little-endian x86-64, so a
// record is read by one unaligned load of the struct): program header, dynamic entry, symbol and
// relocation-with-addend. Sizes are checked against ElfConstants by the tests.
namespace OSv.Loader.Elf
{
    /// <summary>Elf64_Phdr (gABI 5.1).</summary>
    public struct ProgramHeader
    {
        public uint Type;
        public uint Flags;
        public ulong Offset;
        public ulong VirtualAddress;
        public ulong PhysicalAddress;
        public ulong FileBytes;
        public ulong MemoryBytes;
        public ulong Alignment;

        public readonly ulong VirtualEnd => VirtualAddress + MemoryBytes;
    }

    /// <summary>Elf64_Dyn (gABI 5.9).</summary>
    public struct DynamicEntry
    {
        public long Tag;
        public ulong Value;
    }

    /// <summary>Elf64_Sym (gABI 4.5).</summary>
    public struct Symbol
    {
        public uint NameOffset;
        public byte Info;
        public byte Other;
        public ushort SectionIndex;
        public ulong Value;
        public ulong Bytes;

        public readonly int Binding => Info >> 4;
        public readonly int Kind => Info & 0xf;
        public readonly bool IsDefined => SectionIndex != ElfConstants.ShnUndefined;
    }

    /// <summary>Elf64_Rela (gABI 4.6).</summary>
    public struct Rela
    {
        public ulong Offset;
        public ulong Info;
        public long Addend;

        public readonly uint Type => (uint)Info;
        public readonly uint SymbolIndex => (uint)(Info >> 32);
    }
}
