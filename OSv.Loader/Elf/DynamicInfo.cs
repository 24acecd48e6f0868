// What the loader takes from PT_DYNAMIC (gABI 5.9 "Dynamic Section"): table addresses are object
// virtual addresses (not yet biased), sizes are bytes. Filled and validated by ElfParser: every
// table lies inside the object's load span, sizes are whole entries and counts are within
// LoaderLimits, so users only add the load bias. Zero means "absent" for every address field.
namespace OSv.Loader.Elf
{
    public sealed class DynamicInfo
    {
        public ulong StringTable, StringTableBytes;
        public ulong SymbolTable;
        public ulong Hash, GnuHash, VersionSymbols;
        public ulong Rela, RelaBytes;
        public ulong JumpRelocations, JumpRelocationBytes;
        public ulong Init, Fini;
        public ulong InitArray, InitArrayBytes;
        public ulong FiniArray, FiniArrayBytes;
        public ulong PreinitArray, PreinitArrayBytes;
        public long Flags, Flags1;
        public bool HasSoname;
        public uint SonameOffset;

        /// <summary>String-table offsets of the DT_NEEDED names, in file order.</summary>
        public readonly uint[] NeededOffsets = new uint[Linking.LoaderLimits.NeededMax];
        public int NeededCount;
    }
}
