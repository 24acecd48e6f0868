// Reads PT_DYNAMIC (gABI 5.9) from the file into ElfFile.Dynamic and validates it against the
// load span: table addresses inside the span, sizes in whole entries, entry sizes the x86-64 ones,
// counts within LoaderLimits, string-table offsets below DT_STRSZ. Entries after DT_NULL are not
// read; tags the loader does not use are skipped. DT_REL (x86-64 uses RELA only), DT_RELR and text
// relocations are refused rather than silently mis-loaded.
namespace OSv.Loader.Elf
{
    using OSv.Loader.Linking;

    internal static unsafe class DynamicParser
    {
        public static string? Parse(ElfFile file)
        {
            if (file.DynamicIndex == ElfFile.None)
                return null;
            ref ProgramHeader segment = ref file.ProgramHeaders[file.DynamicIndex];
            DynamicEntry* entries = (DynamicEntry*)(file.Data + segment.Offset);
            int count = (int)(segment.FileBytes / ElfConstants.DynamicEntryBytes);
            DynamicInfo info = file.Dynamic;
            ulong symbolEntryBytes = ElfConstants.SymbolBytes, relaEntryBytes = ElfConstants.RelaBytes;
            long pltRelocationKind = ElfConstants.DtRela;
            for (int i = 0; i < count && entries[i].Tag != ElfConstants.DtNull; i++)
            {
                ulong value = entries[i].Value;
                switch (entries[i].Tag)
                {
                    case ElfConstants.DtNeeded:
                        if (info.NeededCount == LoaderLimits.NeededMax)
                            return "more DT_NEEDED entries than LoaderLimits.NeededMax";
                        if (value > uint.MaxValue)
                            return "DT_NEEDED name offset out of range";
                        info.NeededOffsets[info.NeededCount++] = (uint)value;
                        break;
                    case ElfConstants.DtSoname:
                        if (value > uint.MaxValue)
                            return "DT_SONAME offset out of range";
                        info.HasSoname = true;
                        info.SonameOffset = (uint)value;
                        break;
                    case ElfConstants.DtStrTab: info.StringTable = value; break;
                    case ElfConstants.DtStrSz: info.StringTableBytes = value; break;
                    case ElfConstants.DtSymTab: info.SymbolTable = value; break;
                    case ElfConstants.DtSymEnt: symbolEntryBytes = value; break;
                    case ElfConstants.DtHash: info.Hash = value; break;
                    case ElfConstants.DtGnuHash: info.GnuHash = value; break;
                    case ElfConstants.DtVerSym: info.VersionSymbols = value; break;
                    case ElfConstants.DtRela: info.Rela = value; break;
                    case ElfConstants.DtRelaSz: info.RelaBytes = value; break;
                    case ElfConstants.DtRelaEnt: relaEntryBytes = value; break;
                    case ElfConstants.DtJmpRel: info.JumpRelocations = value; break;
                    case ElfConstants.DtPltRelSz: info.JumpRelocationBytes = value; break;
                    case ElfConstants.DtPltRel: pltRelocationKind = (long)value; break;
                    case ElfConstants.DtInit: info.Init = value; break;
                    case ElfConstants.DtFini: info.Fini = value; break;
                    case ElfConstants.DtInitArray: info.InitArray = value; break;
                    case ElfConstants.DtInitArraySz: info.InitArrayBytes = value; break;
                    case ElfConstants.DtFiniArray: info.FiniArray = value; break;
                    case ElfConstants.DtFiniArraySz: info.FiniArrayBytes = value; break;
                    case ElfConstants.DtPreinitArray: info.PreinitArray = value; break;
                    case ElfConstants.DtPreinitArraySz: info.PreinitArrayBytes = value; break;
                    case ElfConstants.DtFlags: info.Flags = (long)value; break;
                    case ElfConstants.DtFlags1: info.Flags1 = (long)value; break;
                    case ElfConstants.DtRel: return "DT_REL relocations (x86-64 objects use DT_RELA only)";
                    case ElfConstants.DtRelr: return "DT_RELR packed relocations are not supported";
                    case ElfConstants.DtTextRel: return "text relocations (DT_TEXTREL) are not supported";
                }
            }
            if (symbolEntryBytes != ElfConstants.SymbolBytes)
                return "DT_SYMENT is not 24";
            if (relaEntryBytes != ElfConstants.RelaBytes)
                return "DT_RELAENT is not 24";
            if (info.JumpRelocationBytes != 0 && pltRelocationKind != ElfConstants.DtRela)
                return "DT_PLTREL is not DT_RELA";
            if ((info.Flags & ElfConstants.DfTextRel) != 0)
                return "text relocations (DF_TEXTREL) are not supported";
            return ValidateTables(file, info);
        }

        private static string? ValidateTables(ElfFile file, DynamicInfo info)
        {
            bool needsStrings = info.NeededCount > 0 || info.HasSoname || info.SymbolTable != 0;
            if (needsStrings && (info.StringTable == 0 || info.StringTableBytes == 0))
                return "DT_NEEDED, DT_SONAME or DT_SYMTAB without a string table";
            if (info.StringTable != 0 && !file.SpanContains(info.StringTable, info.StringTableBytes))
                return "DT_STRTAB/DT_STRSZ outside the load span";
            for (int i = 0; i < info.NeededCount; i++)
                if (info.NeededOffsets[i] >= info.StringTableBytes)
                    return "DT_NEEDED name offset beyond DT_STRSZ";
            if (info.HasSoname && info.SonameOffset >= info.StringTableBytes)
                return "DT_SONAME offset beyond DT_STRSZ";
            if (info.SymbolTable != 0 && !file.SpanContains(info.SymbolTable, ElfConstants.SymbolBytes))
                return "DT_SYMTAB outside the load span";
            if (info.SymbolTable != 0 && info.Hash == 0 && info.GnuHash == 0)
                return "DT_SYMTAB without DT_HASH or DT_GNU_HASH";
            if (info.Hash != 0 && !file.SpanContains(info.Hash, 8))
                return "DT_HASH outside the load span";
            if (info.GnuHash != 0 && !file.SpanContains(info.GnuHash, 16))
                return "DT_GNU_HASH outside the load span";
            if ((info.Hash | info.GnuHash) != 0 && info.SymbolTable == 0)
                return "a hash table without DT_SYMTAB";
            return ValidateArray(file, info.Rela, info.RelaBytes, ElfConstants.RelaBytes, LoaderLimits.RelocationsMax, "DT_RELA")
                ?? ValidateArray(file, info.JumpRelocations, info.JumpRelocationBytes, ElfConstants.RelaBytes, LoaderLimits.RelocationsMax, "DT_JMPREL")
                ?? ValidateArray(file, info.InitArray, info.InitArrayBytes, 8, LoaderLimits.InitFunctionsMax, "DT_INIT_ARRAY")
                ?? ValidateArray(file, info.FiniArray, info.FiniArrayBytes, 8, LoaderLimits.InitFunctionsMax, "DT_FINI_ARRAY")
                ?? ValidateArray(file, info.PreinitArray, info.PreinitArrayBytes, 8, LoaderLimits.InitFunctionsMax, "DT_PREINIT_ARRAY")
                ?? ValidateCode(file, info.Init, "DT_INIT")
                ?? ValidateCode(file, info.Fini, "DT_FINI");
        }

        private static string? ValidateArray(ElfFile file, ulong address, ulong bytes, ulong entryBytes, long countMax, string what)
        {
            if (bytes == 0)
                return null;
            if (address == 0)
                return string.Concat(what, ": size without an address");
            if (bytes % entryBytes != 0)
                return string.Concat(what, ": size is not a whole number of entries");
            if (bytes / entryBytes > (ulong)countMax)
                return string.Concat(what, ": more entries than the loader's limit");
            if ((address & 7) != 0)
                return string.Concat(what, ": misaligned address");
            if (!file.SpanContains(address, bytes))
                return string.Concat(what, ": outside the load span");
            return null;
        }

        private static string? ValidateCode(ElfFile file, ulong address, string what)
        {
            if (address != 0 && !file.SegmentContains(address, 1, ElfConstants.PfExecute))
                return string.Concat(what, ": outside every executable PT_LOAD");
            return null;
        }
    }
}
