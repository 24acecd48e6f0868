// The structure a PVH loader hands over in ebx (Xen's hvm_start_info, version 1).
#pragma warning disable CS0649 // filled in by the loader or the CPU, never by C#

namespace OSv.Core.Boot
{
    internal unsafe struct PvhStartInfo
    {
        public const uint ExpectedMagic = 0x336EC578;

        public uint Magic;
        public uint Version;
        public uint Flags;
        public uint ModuleCount;
        public ulong ModuleListAddress;
        public ulong CommandLineAddress;
        public ulong RsdpAddress;
        public ulong MemoryMapAddress;      // version 1 and later
        public uint MemoryMapEntryCount;
        public uint Reserved;
    }

    internal struct PvhMemoryMapEntry
    {
        public ulong Address;
        public ulong SizeBytes;
        public uint Type;
        public uint Reserved;
    }
}
