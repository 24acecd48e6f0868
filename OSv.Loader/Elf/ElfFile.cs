// A validated ELF64 x86-64 ET_DYN object: what ElfParser returns when it accepts a file. Holds
// copies of the program headers and the parsed dynamic section, plus the object's load span
// (page-rounded lowest to highest PT_LOAD address) that OSv.Loader reserves in one piece. The
// file bytes themselves stay the caller's: Data/Length are only read while mapping.
namespace OSv.Loader.Elf
{
    public sealed unsafe class ElfFile
    {
        public const int None = -1;

        public byte* Data;
        public long Length;
        public ulong Entry;
        public ulong ProgramHeaderFileOffset;
        public readonly ProgramHeader[] ProgramHeaders;
        public int ProgramHeaderCount;
        public int DynamicIndex = None, TlsIndex = None, RelroIndex = None, PhdrIndex = None, InterpIndex = None;
        public bool WantsExecutableStack;

        /// <summary>Page-aligned virtual range covering every PT_LOAD.</summary>
        public ulong SpanStart, SpanEnd;
        public readonly DynamicInfo Dynamic = new DynamicInfo();

        public ElfFile(int programHeaderCount)
        {
            ProgramHeaders = new ProgramHeader[programHeaderCount];
        }

        public ulong SpanBytes => SpanEnd - SpanStart;

        /// <summary>True when [address, address + bytes) lies inside the load span.</summary>
        public bool SpanContains(ulong address, ulong bytes) =>
            address >= SpanStart && address <= SpanEnd && bytes <= SpanEnd - address;

        /// <summary>True when [address, address + bytes) lies inside one PT_LOAD with all of
        /// <paramref name="requiredFlags"/> (memory size, so bss counts).</summary>
        public bool SegmentContains(ulong address, ulong bytes, uint requiredFlags)
        {
            for (int i = 0; i < ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref ProgramHeaders[i];
                if (header.Type != ElfConstants.PtLoad || (header.Flags & requiredFlags) != requiredFlags)
                    continue;
                if (address >= header.VirtualAddress && address <= header.VirtualEnd && bytes <= header.VirtualEnd - address)
                    return true;
            }
            return false;
        }

        /// <summary>The virtual address at which file offset <paramref name="offset"/> is mapped, or 0.</summary>
        public ulong FileOffsetToAddress(ulong offset)
        {
            for (int i = 0; i < ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref ProgramHeaders[i];
                if (header.Type == ElfConstants.PtLoad && offset >= header.Offset && offset - header.Offset < header.FileBytes)
                    return header.VirtualAddress + (offset - header.Offset);
            }
            return 0;
        }
    }
}
