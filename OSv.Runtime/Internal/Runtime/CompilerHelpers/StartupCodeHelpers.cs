// Module initialisation, run once at boot before any other managed code that touches statics.
// ilc records each compiled module in the `__modules` section as a pointer to its ReadyToRun
// header; the linker brackets the section with __start___modules/__stop___modules.
//
// ReadyToRun header (ilc 10.0.12): { uint signature "RTR"; ushort major; ushort minor; uint flags;
// ushort sectionCount; byte entrySize; byte entryType; } then sectionCount rows of
// { int id; int flags; void* start; void* end }.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers
{
    public static unsafe class StartupCodeHelpers
    {
        private const uint ReadyToRunSignature = 0x00525452;
        private const int GCStaticRegionSection = 201;
        private const int EagerCctorSection = 205;
        private const int ModuleInitializerListSection = 213;
        private const nint GCStaticUninitializedFlag = 1;
        private const nint GCStaticHasPreInitializedDataFlag = 2;
        private const nint GCStaticFlagMask = 3;

        private static string[]? s_mainArguments;

        // Boot calls this with the linker's bounds of the __modules section.
        public static void InitializeModules(nint* modulesStart, nint* modulesEnd)
        {
            for (nint* module = modulesStart; module < modulesEnd; module++)
            {
                ReadyToRunHeader* header = (ReadyToRunHeader*)*module;
                if (header == null)
                    continue;
                if (header->Signature != ReadyToRunSignature)
                    RuntimeFailure.FailFast("module header has a bad signature: image and runtime disagree");
                InitializeStatics(header);
                RunInitializers(header, EagerCctorSection);
                RunInitializers(header, ModuleInitializerListSection);
            }
        }

        private static ModuleSection* FindSection(ReadyToRunHeader* header, int id)
        {
            ModuleSection* sections = (ModuleSection*)(header + 1);
            for (int i = 0; i < header->SectionCount; i++)
            {
                if (sections[i].Id == id)
                    return &sections[i];
            }
            return null;
        }

        // Each GC static region entry is a relative pointer to a cell that holds a self-relative
        // pointer to the statics' MethodTable plus flags. Allocate the statics object, copy any
        // preinitialised field values in, and store the object in the cell.
        private static void InitializeStatics(ReadyToRunHeader* header)
        {
            ModuleSection* section = FindSection(header, GCStaticRegionSection);
            if (section == null)
                return;
            for (byte* entry = section->Start; entry < section->End; entry += sizeof(int))
            {
                nint* cell = (nint*)MethodTable.ReadRelativePointer(entry);
                nint value = *cell;
                if ((value & GCStaticUninitializedFlag) == 0)
                    continue;
                MethodTable* staticsType = (MethodTable*)((byte*)cell + (int)(value & ~GCStaticFlagMask));
                object statics = RuntimeExports.RhpNewFast(staticsType);
                if ((value & GCStaticHasPreInitializedDataFlag) != 0)
                {
                    byte* preinitializedData = MethodTable.ReadRelativePointer((byte*)cell + sizeof(int));
                    Buffer.Memmove(ref statics.GetRawData(), ref *preinitializedData, staticsType->ValueTypeSize);
                }
                *cell = *(nint*)Unsafe.AsPointer(ref statics);
            }
        }

        private static void RunInitializers(ReadyToRunHeader* header, int sectionId)
        {
            ModuleSection* section = FindSection(header, sectionId);
            if (section == null)
                return;
            for (byte* entry = section->Start; entry < section->End; entry += sizeof(int))
                ((delegate*<void>)MethodTable.ReadRelativePointer(entry))();
        }

        // The kernel passes the application's arguments (from its command line) before Main runs.
        public static void SetMainArguments(string[] arguments) => s_mainArguments = arguments;

        // ilc's generated entry (__managed__Main) calls this first. There is no C argv in a
        // kernel: the arguments were parsed from the kernel command line and set above.
        internal static void InitializeCommandLineArgs(int argc, nint argv) { }

        // ilc's generated entry calls this when Main takes string[] args.
        internal static string[] GetMainMethodArguments() => s_mainArguments ?? Array.Empty<string>();

        private struct ReadyToRunHeader
        {
            public uint Signature;
            public ushort MajorVersion;
            public ushort MinorVersion;
            public uint Flags;
            public ushort SectionCount;
            public byte EntrySize;
            public byte EntryType;
        }

        private struct ModuleSection
        {
            public int Id;
            public int Flags;
            public byte* Start;
            public byte* End;
        }
    }
}
