// Maps a validated ElfFile: one contiguous span for all PT_LOADs (so the relative distances the
// static linker fixed between segments hold), file bytes copied in, bss left zero (Reserve
// returns zeroed pages), then after relocation the protections of each PT_LOAD and the RELRO
// range. Copying instead of mmap-ing the file keeps one path for the image filesystem (bytes in
// memory) and the host; objects are small against the time to relocate them.
//
// Protections, as ld.so applies them (segments when mapped, RELRO after relocation) (glibc elf/dl-load.c, dl-reloc.c _dl_protect_relro):
// whole pages from each PT_LOAD's first to last page, with the union of the flags of every
// PT_LOAD touching that page (two segments can share a page in a compact layout); then RELRO
// from its first page down to the page boundary at or below its end, read-only.
namespace OSv.Loader.Linking
{
    using OSv.Loader.Elf;

    internal static unsafe class ObjectMapper
    {
        private const ulong PageMask = LoaderLimits.PageBytes - 1;

        /// <summary>Maps <paramref name="file"/>; null and <paramref name="mapped"/> set, or an error.</summary>
        public static string? Map(ElfFile file, byte[] name, int handle, out LoadedObject? mapped)
        {
            mapped = null;
            byte* span = LoaderMemory.Reserve(file.SpanBytes);
            if (span == null)
                return "out of memory for the object's load span";
            var obj = new LoadedObject(name, file, span, handle);
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref file.ProgramHeaders[i];
                if (header.Type != ElfConstants.PtLoad || header.FileBytes == 0)
                    continue;
                // In bounds: ElfParser checked Offset+FileBytes <= Length and the segment inside the span.
                new System.ReadOnlySpan<byte>(file.Data + header.Offset, (int)header.FileBytes)
                    .CopyTo(new System.Span<byte>((void*)obj.Address(header.VirtualAddress), (int)header.FileBytes));
            }
            obj.ProgramHeaders = ProgramHeaderAddress(obj);
            string? error = ProtectSegments(obj) ?? SymbolLookup.Prepare(obj);
            if (error != null)
            {
                Unmap(obj);
                return error;
            }
            mapped = obj;
            return null;
        }

        private static nint ProgramHeaderAddress(LoadedObject obj)
        {
            ElfFile file = obj.File;
            ulong tableBytes = (ulong)file.ProgramHeaderCount * ElfConstants.ProgramHeaderBytes;
            if (file.PhdrIndex != ElfFile.None)
                return obj.Address(file.ProgramHeaders[file.PhdrIndex].VirtualAddress);
            ulong address = file.FileOffsetToAddress(file.ProgramHeaderFileOffset);
            if (address != 0 || file.ProgramHeaderFileOffset == 0)
            {
                if (file.FileOffsetToAddress(file.ProgramHeaderFileOffset + tableBytes - 1) == address + tableBytes - 1)
                    return obj.Address(address);
            }
            return 0;
        }

        public static void Unmap(LoadedObject obj) => LoaderMemory.Release(obj.SpanBase, obj.SpanBytes);

        // Final segment protections right after copying: ifunc resolvers run during relocation and
        // need executable text, and relocations only write to writable segments (Relocator checks).
        private static string? ProtectSegments(LoadedObject obj)
        {
            ElfFile file = obj.File;
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref file.ProgramHeaders[i];
                if (header.Type != ElfConstants.PtLoad || header.MemoryBytes == 0)
                    continue;
                ulong first = header.VirtualAddress & ~PageMask;
                ulong end = (header.VirtualEnd + PageMask) & ~PageMask;
                uint flags = UnionOfFlags(file, first, end);
                if (!LoaderMemory.Protect((byte*)obj.Address(first), end - first, flags))
                    return "setting segment protections failed";
            }
            return null;
        }

        /// <summary>After relocation: RELRO becomes read-only.</summary>
        public static string? ProtectRelro(LoadedObject obj)
        {
            ElfFile file = obj.File;
            if (file.RelroIndex != ElfFile.None)
            {
                ref ProgramHeader relro = ref file.ProgramHeaders[file.RelroIndex];
                ulong first = relro.VirtualAddress & ~PageMask;
                ulong end = relro.VirtualEnd & ~PageMask;
                if (end > first && !LoaderMemory.Protect((byte*)obj.Address(first), end - first, ElfConstants.PfRead))
                    return "making RELRO read-only failed";
            }
            return null;
        }

        private static uint UnionOfFlags(ElfFile file, ulong first, ulong end)
        {
            uint flags = 0;
            for (int i = 0; i < file.ProgramHeaderCount; i++)
            {
                ref ProgramHeader header = ref file.ProgramHeaders[i];
                if (header.Type == ElfConstants.PtLoad && header.MemoryBytes != 0 && header.VirtualAddress < end && header.VirtualEnd > first)
                    flags |= header.Flags;
            }
            return flags;
        }
    }
}
