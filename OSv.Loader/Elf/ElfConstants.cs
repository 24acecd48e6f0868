// The numbers of the ELF64 and x86-64 psABI specifications that the loader reads: identification
// bytes, object types, program header and dynamic tags, symbol bindings and the relocation types.
// Sources: System V ABI (gABI) chapter 4-5, "ELF x86-64 psABI" 1.0 (section 4.4 relocations),
// "ELF Handling For Thread-Local Storage" (Drepper) for the TLS relocations.
namespace OSv.Loader.Elf
{
    public static class ElfConstants
    {
        // e_ident
        public const int IdentBytes = 16;
        public const byte ClassElf64 = 2;
        public const byte DataLittleEndian = 1;
        public const byte VersionCurrent = 1;

        // e_type, e_machine
        public const ushort TypeExecutable = 2;
        public const ushort TypeShared = 3;
        public const ushort MachineX86_64 = 62;

        public const int FileHeaderBytes = 64;
        public const int ProgramHeaderBytes = 56;
        public const int DynamicEntryBytes = 16;
        public const int SymbolBytes = 24;
        public const int RelaBytes = 24;

        // p_type
        public const uint PtNull = 0, PtLoad = 1, PtDynamic = 2, PtInterp = 3, PtNote = 4, PtPhdr = 6, PtTls = 7;
        public const uint PtGnuEhFrame = 0x6474e550, PtGnuStack = 0x6474e551, PtGnuRelro = 0x6474e552;

        // p_flags
        public const uint PfExecute = 1, PfWrite = 2, PfRead = 4;

        // d_tag
        public const long DtNull = 0, DtNeeded = 1, DtPltRelSz = 2, DtPltGot = 3, DtHash = 4, DtStrTab = 5;
        public const long DtSymTab = 6, DtRela = 7, DtRelaSz = 8, DtRelaEnt = 9, DtStrSz = 10, DtSymEnt = 11;
        public const long DtInit = 12, DtFini = 13, DtSoname = 14, DtRpath = 15, DtSymbolic = 16, DtRel = 17;
        public const long DtPltRel = 20, DtTextRel = 22, DtJmpRel = 23, DtBindNow = 24;
        public const long DtInitArray = 25, DtFiniArray = 26, DtInitArraySz = 27, DtFiniArraySz = 28;
        public const long DtRunPath = 29, DtFlags = 30, DtPreinitArray = 32, DtPreinitArraySz = 33;
        public const long DtRelrSz = 35, DtRelr = 36;
        public const long DtGnuHash = 0x6ffffef5, DtVerSym = 0x6ffffff0, DtFlags1 = 0x6ffffffb;

        // DT_FLAGS bits
        public const long DfTextRel = 0x4, DfStaticTls = 0x10;

        // Symbols
        public const ushort ShnUndefined = 0;
        public const ushort ShnAbsolute = 0xfff1;
        public const int StbLocal = 0, StbGlobal = 1, StbWeak = 2, StbGnuUnique = 10;
        public const int SttNoType = 0, SttObject = 1, SttFunc = 2, SttSection = 3, SttTls = 6, SttGnuIfunc = 10;
        public const ushort VersymHidden = 0x8000;

        // Relocation types (x86-64 psABI table 4.9)
        public const uint RNone = 0, R64 = 1, RPc32 = 2, RCopy = 5, RGlobDat = 6, RJumpSlot = 7, RRelative = 8;
        public const uint R32 = 10, RDtpMod64 = 16, RDtpOff64 = 17, RTpOff64 = 18, RIRelative = 37;
    }
}
