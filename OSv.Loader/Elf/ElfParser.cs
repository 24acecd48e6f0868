// Parses and validates an ELF64 x86-64 ET_DYN object (a shared object or a PIE) held in memory.
//
// Rule: nothing in the file is trusted. Every offset, size and count is checked against the file
// length and LoaderLimits before it is used, with overflow-safe comparisons (a + b <= limit is
// written as a <= limit && b <= limit - a). The result is an ElfFile or a message naming what is
// wrong; never an exception. Checks follow gABI chapters 4-5 and the x86-64 psABI:
//   header   - magic, ELFCLASS64, little-endian, version 1, ET_DYN, EM_X86_64, record sizes;
//   PT_LOAD  - inside the file, filesz <= memsz, power-of-two alignment, ascending and disjoint,
//              span below VirtualAddressLimit and at most ObjectSpanBytesMax;
//   others   - PT_DYNAMIC/PT_TLS/PT_GNU_RELRO/PT_PHDR inside the span, at most one each;
//   dynamic  - parsed by DynamicParser.
// Addresses are validated against the span here so that the mapper and relocator, which read the
// mapped copy, only need their own per-entry checks for values taken from tables.
namespace OSv.Loader.Elf
{
    using OSv.Loader.Linking;

    public static unsafe class ElfParser
    {
        /// <summary>Validates <paramref name="length"/> bytes at <paramref name="data"/>. Returns null
        /// and the parsed <paramref name="file"/>, or an error message and null.</summary>
        public static string? TryParse(byte* data, long length, out ElfFile? file)
        {
            file = null;
            if (data == null || length < ElfConstants.FileHeaderBytes)
                return "truncated: shorter than the 64-byte ELF header";
            string? error = ValidateIdentity(data);
            if (error != null)
                return error;
            ushort phentsize = *(ushort*)(data + 54);
            ushort phnum = *(ushort*)(data + 56);
            ulong phoff = *(ulong*)(data + 32);
            if (*(ushort*)(data + 52) != ElfConstants.FileHeaderBytes)
                return "bad e_ehsize: not 64";
            if (phentsize != ElfConstants.ProgramHeaderBytes)
                return "bad e_phentsize: not 56";
            if (phnum == 0)
                return "no program headers";
            if (phnum > LoaderLimits.ProgramHeadersMax)
                return string.Concat("too many program headers: ", ((int)phnum).ToString());
            if ((phoff & 7) != 0)
                return "misaligned program header table (e_phoff not a multiple of 8)";
            if (phoff > (ulong)length || (ulong)phnum * ElfConstants.ProgramHeaderBytes > (ulong)length - phoff)
                return "truncated: program header table beyond the end of the file";

            var parsed = new ElfFile(phnum) { Data = data, Length = length, Entry = *(ulong*)(data + 24), ProgramHeaderFileOffset = phoff };
            for (int i = 0; i < phnum; i++)
                parsed.ProgramHeaders[i] = *(ProgramHeader*)(data + phoff + (ulong)i * ElfConstants.ProgramHeaderBytes);
            parsed.ProgramHeaderCount = phnum;
            error = ValidateLoadSegments(parsed) ?? ValidateOtherSegments(parsed) ?? ValidateEntry(parsed) ?? DynamicParser.Parse(parsed);
            if (error != null)
                return error;
            file = parsed;
            return null;
        }

        /// <summary>Validation only: null when <paramref name="file"/> would load, else the error.
        /// (A parsed ElfFile keeps a pointer to the bytes, so it comes from the pointer overload.)</summary>
        public static string? Validate(System.ReadOnlySpan<byte> file)
        {
            fixed (byte* data = file)
                return TryParse(data, file.Length, out _);
        }

        private static string? ValidateIdentity(byte* data)
        {
            if (data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                return "not an ELF file (bad magic)";
            if (data[4] != ElfConstants.ClassElf64)
                return "wrong class: not ELFCLASS64";
            if (data[5] != ElfConstants.DataLittleEndian)
                return "wrong byte order: not little-endian";
            if (data[6] != ElfConstants.VersionCurrent || *(uint*)(data + 20) != ElfConstants.VersionCurrent)
                return "wrong ELF version";
            ushort type = *(ushort*)(data + 16);
            if (type == ElfConstants.TypeExecutable)
                return "not position-independent: ET_EXEC (only ET_DYN shared objects and PIEs load)";
            if (type != ElfConstants.TypeShared)
                return string.Concat("wrong type: e_type ", ((int)type).ToString(), " is not ET_DYN");
            ushort machine = *(ushort*)(data + 18);
            if (machine != ElfConstants.MachineX86_64)
                return string.Concat("wrong machine: e_machine ", ((int)machine).ToString(), " is not x86-64 (62)");
            return null;
        }

        private static string? ValidateLoadSegments(ElfFile file)
        {
            ulong previousEnd = 0;
            int loads = 0;
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref file.ProgramHeaders[i];
                if (header.Type != ElfConstants.PtLoad)
                    continue;
                string? error = ValidateFileRange(file, header, "PT_LOAD");
                if (error != null)
                    return error;
                if (header.Alignment > 1 && (header.Alignment & (header.Alignment - 1)) != 0)
                    return string.Concat("PT_LOAD ", i.ToString(), ": alignment is not a power of two");
                if (header.VirtualAddress >= LoaderLimits.VirtualAddressLimit || header.MemoryBytes > LoaderLimits.VirtualAddressLimit - header.VirtualAddress)
                    return string.Concat("PT_LOAD ", i.ToString(), ": address out of range");
                if (loads > 0 && header.VirtualAddress < previousEnd)
                    return string.Concat("PT_LOAD ", i.ToString(), ": overlaps or is out of order with the previous PT_LOAD");
                if (loads == 0)
                    file.SpanStart = header.VirtualAddress & ~(ulong)(LoaderLimits.PageBytes - 1);
                previousEnd = header.VirtualEnd;
                loads++;
            }
            if (loads == 0)
                return "no PT_LOAD segment";
            file.SpanEnd = (previousEnd + LoaderLimits.PageBytes - 1) & ~(ulong)(LoaderLimits.PageBytes - 1);
            if (file.SpanEnd - file.SpanStart > (ulong)LoaderLimits.ObjectSpanBytesMax)
                return "load span larger than LoaderLimits.ObjectSpanBytesMax";
            if (file.SpanEnd == file.SpanStart)
                return "empty load span (every PT_LOAD has memsz 0)";
            return null;
        }

        private static string? ValidateFileRange(ElfFile file, in ProgramHeader header, string what)
        {
            if (header.Offset > (ulong)file.Length || header.FileBytes > (ulong)file.Length - header.Offset)
                return string.Concat(what, ": file range beyond the end of the file (truncated or bad p_offset/p_filesz)");
            if (header.FileBytes > header.MemoryBytes)
                return string.Concat(what, ": p_filesz larger than p_memsz");
            return null;
        }

        private static string? ValidateOtherSegments(ElfFile file)
        {
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref file.ProgramHeaders[i];
                string? error = header.Type switch
                {
                    ElfConstants.PtDynamic => ClaimSegment(file, ref file.DynamicIndex, i, "PT_DYNAMIC"),
                    ElfConstants.PtTls => ClaimSegment(file, ref file.TlsIndex, i, "PT_TLS") ?? ValidateTls(header),
                    ElfConstants.PtGnuRelro => ClaimSegment(file, ref file.RelroIndex, i, "PT_GNU_RELRO"),
                    ElfConstants.PtPhdr => ClaimSegment(file, ref file.PhdrIndex, i, "PT_PHDR"),
                    ElfConstants.PtInterp => ClaimSegment(file, ref file.InterpIndex, i, "PT_INTERP"),
                    _ => null,
                };
                if (error != null)
                    return error;
                if (header.Type == ElfConstants.PtGnuStack)
                    file.WantsExecutableStack = (header.Flags & ElfConstants.PfExecute) != 0;
            }
            if (file.DynamicIndex != ElfFile.None)
            {
                ref ProgramHeader dynamic = ref file.ProgramHeaders[file.DynamicIndex];
                if ((dynamic.Offset & 7) != 0)
                    return "misaligned PT_DYNAMIC (p_offset not a multiple of 8)";
                if (dynamic.FileBytes % ElfConstants.DynamicEntryBytes != 0)
                    return "PT_DYNAMIC size is not a whole number of entries";
                if (dynamic.FileBytes / ElfConstants.DynamicEntryBytes > LoaderLimits.DynamicEntriesMax)
                    return "PT_DYNAMIC has more entries than LoaderLimits.DynamicEntriesMax";
            }
            return null;
        }

        // At most one of each kind; its file bytes inside the file and its memory inside the span.
        private static string? ClaimSegment(ElfFile file, ref int index, int candidate, string what)
        {
            if (index != ElfFile.None)
                return string.Concat("more than one ", what);
            ref ProgramHeader header = ref file.ProgramHeaders[candidate];
            string? error = ValidateFileRange(file, header, what);
            if (error != null)
                return error;
            if (header.Type != ElfConstants.PtInterp && !file.SpanContains(header.VirtualAddress, header.MemoryBytes))
                return string.Concat(what, ": address range outside the PT_LOAD span");
            index = candidate;
            return null;
        }

        private static string? ValidateTls(in ProgramHeader header)
        {
            ulong alignment = header.Alignment == 0 ? 1 : header.Alignment;
            if ((alignment & (alignment - 1)) != 0 || alignment > LoaderLimits.TlsAlignmentMax)
                return "PT_TLS: alignment is not a power of two up to LoaderLimits.TlsAlignmentMax";
            if (header.MemoryBytes > LoaderLimits.TlsBlockBytesMax)
                return "PT_TLS: block larger than LoaderLimits.TlsBlockBytesMax";
            return null;
        }

        private static string? ValidateEntry(ElfFile file)
        {
            if (file.Entry != 0 && !file.SegmentContains(file.Entry, 1, ElfConstants.PfExecute))
                return "entry point outside every executable PT_LOAD";
            return null;
        }
    }
}
