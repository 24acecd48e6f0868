// What NativeAOT's bootstrapper (main.cpp) and RhInitialize do before Main, for OSv.Core's boot
// (Boot/RuntimeLayer.RealCoreLib.Metal.cs calls osv_runtime_start once, on the boot CPU, before
// a second thread exists): give the object memory its first chunk, then run CoreLib's exported
// InitializeModules with the module headers of the __modules section and the classlib function
// table (Arch/X64/runtime.S). InitializeModules registers the OS module, creates the type
// managers (TypeManagers), allocates the GC statics, registers the frozen segment and runs the
// eager class constructors. The OS module handle is the module header's address: any non-null
// value that identifies the one module serves.
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Runtime.Native.Memory;

namespace OSv.Runtime.Native.Startup
{
    internal static unsafe class RuntimeStart
    {
        [RuntimeExport("osv_runtime_start")]
        internal static void Start(byte* heapStart, nuint heapBytes, nint* modulesStart, nint* modulesEnd)
        {
            ObjectMemory.Initialize(heapStart, heapBytes);
            int count = (int)(modulesEnd - modulesStart);
            if (count <= 0 || modulesStart[0] == 0)
                Fail.Stop("runtime: the image has no module header (__modules is empty)"u8);
            int classlibFunctionCount;
            nint* classlibFunctions = ClasslibFunctions(&classlibFunctionCount);
            InitializeModules(modulesStart[0], modulesStart, count, classlibFunctions, classlibFunctionCount);
            // The kernel's own bring-up runs before __managed__Main and reads statics with lazy
            // class constructors, which need the class-constructor runner: set it up now. KNOWN
            // BROKEN: ilc's library initializer calls Initialize again at the top of
            // __managed__Main, which replaces the runner's arrays but not their count, so the
            // next lazy constructor faults (GetCctor). The fix (not done): run the kernel's
            // bring-up after the library initializer (an OSv.Core module initializer, with argv
            // split from the raw command line without managed statics) and drop this call.
            InitializeClassConstructorRunner();
        }

        // CoreLib's ClassConstructorRunner.Initialize(), by its ilc 10.0.12 symbol.
        [RuntimeImport("S_P_CoreLib_System_Runtime_CompilerServices_ClassConstructorRunner__Initialize"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void InitializeClassConstructorRunner();

        // CoreLib's StartupCodeHelpers.InitializeModules ([UnmanagedCallersOnly], C ABI).
        [RuntimeImport("InitializeModules"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void InitializeModules(nint osModule, nint* moduleHeaders, int count, nint* classlibFunctions, int classlibFunctionCount);

        [RuntimeImport("osv_runtime_classlib_functions"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern nint* ClasslibFunctions(int* count);
    }
}
