// What NativeAOT's RuntimeInstance/TypeManager do for CoreLib's InitializeModules: one type
// manager per module header. CoreLib reads the first two words of a type manager
// (TypeManagerHandle: OsHandle, ReadyToRunHeader); the rest is ours. Records live in a fixed
// static table (there is one module per image today; ModulesMax bounds it), not on the heap.
using System.Runtime;
using OSv.Runtime.Memory;

namespace OSv.Runtime.Startup
{
    internal struct TypeManagerRecord
    {
        public nint OsModule;            // read by CoreLib (TypeManagerHandle.OsModuleBase)
        public nint Header;              // read by CoreLib
        public nint ClasslibFunctions;
        public int ClasslibFunctionCount;
    }

    internal static unsafe class TypeManagers
    {
        public const int ModulesMax = 4;

        private static TypeManagerRecord s_record0, s_record1, s_record2, s_record3;
        private static int s_count;
        private static nint s_osModule;

        public static int Count => s_count;

        [RuntimeExport("RhpRegisterOsModule")]
        internal static nint RegisterOsModule(nint osModule)
        {
            s_osModule = osModule;
            return osModule;
        }

        [RuntimeExport("RhpCreateTypeManager")]
        internal static TypeManagerRecord* Create(nint osModule, nint header, nint* classlibFunctions, int classlibFunctionCount)
        {
            if (!ModuleHeader.IsValid((byte*)header))
                Fail.Stop("runtime: a module header has the wrong signature or version (ilc pin changed?)"u8);
            if (s_count == ModulesMax)
                Fail.Stop("runtime: more modules than TypeManagers.ModulesMax"u8);
            TypeManagerRecord* record = RecordAt(s_count++);
            record->OsModule = osModule;
            record->Header = header;
            record->ClasslibFunctions = (nint)classlibFunctions;
            record->ClasslibFunctionCount = classlibFunctionCount;
            return record;
        }

        // CoreLib passes its TypeManagerHandle by reference.
        [RuntimeExport("RhpGetModuleSection")]
        internal static void* GetModuleSection(TypeManagerRecord** handle, int sectionId, int* lengthBytes) =>
            ModuleHeader.FindSection((byte*)(*handle)->Header, sectionId, out *lengthBytes);

        // ilc's read-only blobs by id (reflection maps, stack-trace metadata), for the runtime
        // libraries. CoreLib passes its TypeManagerHandle by reference.
        [RuntimeExport("RhFindBlob")]
        internal static bool FindBlob(TypeManagerRecord** handle, uint blobId, byte** blob, uint* lengthBytes)
        {
            void* start = ModuleHeader.FindReadonlyBlob((byte*)(*handle)->Header, blobId, out int length);
            *blob = (byte*)start;
            *lengthBytes = (uint)length;
            return start != null;
        }

        // The module's file name, UTF-8, for stack frames the metadata cannot name
        // ("image!<BaseAddress>+0x…": the offset from __image_start, which the symbol map names).
        // An image is not a file: one fixed name serves.
        [RuntimeExport("RhGetModuleFileName")]
        internal static int GetModuleFileName(nint osModule, byte** nameUtf8)
        {
            System.ReadOnlySpan<byte> name = "image"u8;
            fixed (byte* bytes = name)
                *nameUtf8 = bytes; // a u8 literal lives in the image's read-only data
            return name.Length;
        }

        [RuntimeExport("RhGetOSModuleFromPointer")]
        internal static nint GetOsModuleFromPointer(nint address) => s_osModule;

        private static TypeManagerRecord* RecordAt(int index)
        {
            switch (index)
            {
                case 0: fixed (TypeManagerRecord* r = &s_record0) return r;
                case 1: fixed (TypeManagerRecord* r = &s_record1) return r;
                case 2: fixed (TypeManagerRecord* r = &s_record2) return r;
                default: fixed (TypeManagerRecord* r = &s_record3) return r;
            }
        }
    }
}
