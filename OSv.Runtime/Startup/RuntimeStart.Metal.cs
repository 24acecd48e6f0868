// What NativeAOT's bootstrapper (main.cpp) and RhInitialize do before Main, for OSv.Core's boot
// (Boot/RuntimeLayer.RealCoreLib.Metal.cs calls osv_runtime_start once, on the boot CPU, before
// a second thread exists): give the object memory its first chunk and the collector its tables
// (Gc/GcRuntime: objects move to the collected heap in osv_runtime_before_main), then run CoreLib's exported
// InitializeModules with the module headers of the __modules section and the classlib function
// table (Arch/X64/runtime.S). InitializeModules registers the OS module, creates the type
// managers (TypeManagers), allocates the GC statics, registers the frozen segment and runs the
// eager class constructors. The OS module handle is the image's first byte (__image_start), below
// all of its code: the stack-trace and reflection libraries compute method RVAs against it (as
// against a shared object's load address on Linux) and keep them positive, 4-byte aligned.
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Platform;
using OSv.Runtime.Exceptions;
using OSv.Runtime.Gc;
using OSv.Runtime.Memory;
using OSv.Runtime.Pal;

namespace OSv.Runtime.Startup
{
    internal static unsafe class RuntimeStart
    {
        [RuntimeExport("osv_runtime_start")]
        internal static void Start(byte* heapStart, nuint heapBytes, nint* modulesStart, nint* modulesEnd)
        {
            ConsoleOutput.Install(&WriteConsole); // before anything CoreLib could print
            ObjectMemory.Initialize(heapStart, heapBytes);
            GcRuntime.Initialize(); // its tables from the boot region: handles work from the start
            int count = (int)(modulesEnd - modulesStart);
            if (count <= 0 || modulesStart[0] == 0)
                Fail.Stop("runtime: the image has no module header (__modules is empty)"u8);
            nint* classlibFunctions = (nint*)ExceptionExports.ClasslibFunctions();
            InitializeModules((nint)ExceptionTables.ImageStart, modulesStart, count, classlibFunctions, ExceptionExports.ClasslibFunctionCount);
            // CoreLib's library initializer (the preallocated OutOfMemoryException, the
            // class-constructor runner), exactly once and before the kernel's bring-up, which
            // reads statics with lazy class constructors. ilc would otherwise run it at the top of
            // __managed__Main (--initassembly:System.Private.CoreLib, which OSv.Sdk.targets
            // leaves out for that reason): a second run replaces the runner's arrays but keeps
            // their count, and the next lazy constructor faults.
            InitializeCoreLibrary(null);
            // The reflection libraries, in the order NativeAOT's --initassembly list gives them:
            // the type loader registers the callbacks generic virtual method lookup uses
            // (TypeLoaderExports.GVMLookupForSlotSlow), reflection execution the ones behind
            // Type.Name and Enum.ToString (RuntimeAugments / ReflectionAugments). Both only
            // store callback objects, so running them before the kernel's bring-up is safe, and
            // the kernel's own code may then use generic virtual methods too.
            InitializeTypeLoader(null);
            InitializeReflectionExecution(null);
        }

        // What needs the whole kernel (page allocator, scheduler) and must come before Main: boot
        // calls it after its bring-up, right before __managed__Main.
        [RuntimeExport("osv_runtime_before_main")]
        internal static void BeforeMain()
        {
            EntropySource.Install(&FillEntropy);
            GcRuntime.EnableHeapAllocation();
            FinalizerThread.Start();
            ThreadExit.RegisterRuntimeCleanup(&ThreadStaticStorage.ReleaseCurrent);
            PalStartup.Initialize();
            foreach (string refused in EnvironmentOptions.Import(OSv.Core.Machine.KernelOptions))
                KernelConsole.Write(System.Text.Encoding.UTF8.GetBytes("osv: ignoring kernel option '" + refused + "': not NAME=VALUE, or no room for it\n"));
            RetentionReport.EnableFromEnvironment();
            HardwareFaults.Install();
        }

        // The PAL's console: both streams go to the kernel console (serial).
        private static void WriteConsole(int stream, byte* bytes, int count) => KernelConsole.Write(new System.ReadOnlySpan<byte>(bytes, count));

        // Secure random bytes (Guid, RandomNumberGenerator): RDRAND; false when the CPU has none.
        private static bool FillEntropy(byte* bytes, int count) => Entropy.TryFill(new System.Span<byte>(bytes, count));

        // Internal.Runtime.CompilerHelpers.LibraryInitializer.InitializeLibrary(), reached by name:
        // the accessor makes ilc compile the initializer even though no --initassembly roots it.
        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "InitializeLibrary")]
        private static extern void InitializeCoreLibrary(
            [UnsafeAccessorType("Internal.Runtime.CompilerHelpers.LibraryInitializer, System.Private.CoreLib")] object? libraryInitializer);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "InitializeLibrary")]
        private static extern void InitializeTypeLoader(
            [UnsafeAccessorType("Internal.Runtime.CompilerHelpers.LibraryInitializer, System.Private.TypeLoader")] object? libraryInitializer);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "InitializeLibrary")]
        private static extern void InitializeReflectionExecution(
            [UnsafeAccessorType("Internal.Runtime.CompilerHelpers.LibraryInitializer, System.Private.Reflection.Execution")] object? libraryInitializer);

        // CoreLib's StartupCodeHelpers.InitializeModules ([UnmanagedCallersOnly], C ABI).
        [RuntimeImport("InitializeModules"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void InitializeModules(nint osModule, nint* moduleHeaders, int count, nint* classlibFunctions, int classlibFunctionCount);

    }
}
