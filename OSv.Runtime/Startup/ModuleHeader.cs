// ilc's module header (the ReadyToRun header its __modules section points at) and the section
// lookup NativeAOT's TypeManager does over it. Layout, checked in ilc 10.0.12's output:
// { uint Signature = "RTR\0"; ushort MajorVersion; ushort MinorVersion; uint Flags;
//   ushort NumberOfSections; byte EntrySize; byte EntryType } then NumberOfSections rows of
// { int SectionId; int Flags; void* Start; void* End }; a row without flag 1 (HasEndPointer)
// describes one pointer-sized item. Plain pointer arithmetic: the hosted tests build headers.
namespace OSv.Runtime.Startup
{
    internal static unsafe class ModuleHeader
    {
        public const uint Signature = 0x00525452;
        public const ushort MajorVersion = 16;
        public const int HeaderBytes = 16;
        public const int RowBytes = 24;
        private const int HasEndPointerFlag = 1;

        public static bool IsValid(byte* header) =>
            *(uint*)header == Signature
            && *(ushort*)(header + 4) == MajorVersion
            && header[14] == RowBytes;

        // Sections 300-399 are ilc's read-only blobs (reflection maps, stack-trace metadata),
        // which the runtime libraries ask for by blob id (RhFindBlob): section 300 + id.
        public const int ReadonlyBlobSectionFirst = 300;
        public const int ReadonlyBlobSectionLast = 399;

        public static void* FindReadonlyBlob(byte* header, uint blobId, out int lengthBytes)
        {
            if (blobId > ReadonlyBlobSectionLast - ReadonlyBlobSectionFirst)
            {
                lengthBytes = 0;
                return null;
            }
            return FindSection(header, ReadonlyBlobSectionFirst + (int)blobId, out lengthBytes);
        }

        // The section's start and length in bytes, or null and 0 when the module has none.
        public static void* FindSection(byte* header, int sectionId, out int lengthBytes)
        {
            int count = *(ushort*)(header + 12);
            byte* rows = header + HeaderBytes;
            for (int i = 0; i < count; i++)
            {
                byte* row = rows + i * RowBytes;
                if (*(int*)row != sectionId)
                    continue;
                byte* start = *(byte**)(row + 8);
                lengthBytes = (*(int*)(row + 4) & HasEndPointerFlag) != 0
                    ? (int)(*(byte**)(row + 16) - start)
                    : sizeof(void*);
                return start;
            }
            lengthBytes = 0;
            return null;
        }
    }
}
