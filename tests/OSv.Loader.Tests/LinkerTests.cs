// Loading real gcc-built objects (see Fixtures) into the test process and calling them.
using System;
using System.Runtime.InteropServices;
using OSv.Loader.Linking;
using Xunit;

namespace OSv.Loader.Tests
{
    public sealed unsafe class LinkerTests
    {
        private static int OpenOrFail(DynamicLinker linker, string name)
        {
            int handle = linker.Open(System.Text.Encoding.UTF8.GetBytes(name));
            Assert.True(handle != 0, linker.LastError);
            return handle;
        }

        private static nint Sym(DynamicLinker linker, int handle, string name)
        {
            nint address = linker.Symbol(handle, System.Text.Encoding.UTF8.GetBytes(name));
            Assert.True(address != 0, linker.LastError);
            return address;
        }

        [Fact]
        public void Open_CallAcrossTwoObjectsThroughPlt_ReturnsSum()
        {
            var (linker, _, _) = TestHost.Create();
            int top = OpenOrFail(linker, "libtop.so");
            var topSum = (delegate* unmanaged<int, int, int, int>)Sym(linker, top, "top_sum");
            Assert.Equal(6, topSum(1, 2, 3));
            Assert.Equal(2, linker.ObjectCount);
        }

        [Fact]
        public void Open_GlobDatToDataInAnotherObject_ReadsIt()
        {
            var (linker, _, _) = TestHost.Create();
            int top = OpenOrFail(linker, "libtop.so");
            Assert.Equal(5, ((delegate* unmanaged<int>)Sym(linker, top, "top_read_counter"))());
            *(int*)Sym(linker, top, "base_counter") = 77;
            Assert.Equal(77, ((delegate* unmanaged<int>)Sym(linker, top, "top_read_counter"))());
        }

        [Fact]
        public void Open_DataPointers_Symbolic64AndRelativeBound()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = OpenOrFail(linker, "libbase.so");
            nint counter = Sym(linker, handle, "base_counter");
            Assert.Equal(counter, *(nint*)Sym(linker, handle, "base_counter_pointer"));
            Assert.Equal(9, **(int**)Sym(linker, handle, "local_pointer"));
            Assert.Equal("hello from base", Marshal.PtrToStringUTF8(*(nint*)Sym(linker, handle, "base_message")));
        }

        [Fact]
        public void Open_WeakUndefinedSymbol_BindsToZero()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = OpenOrFail(linker, "libbase.so");
            Assert.Equal(0, ((delegate* unmanaged<int>)Sym(linker, handle, "has_missing_weak"))());
        }

        [Fact]
        public void Open_InitArrays_RunDependencyFirst()
        {
            var (linker, _, _) = TestHost.Create();
            int top = OpenOrFail(linker, "libtop.so");
            Assert.Equal(42, *(int*)Sym(linker, top, "base_initialized"));
            Assert.Equal(42, *(int*)Sym(linker, top, "top_saw_base"));
        }

        [Fact]
        public void Open_LocalIfunc_IRelativeCallsResolver()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = OpenOrFail(linker, "libbase.so");
            Assert.Equal(15, ((delegate* unmanaged<int, int>)Sym(linker, handle, "call_local_ifunc"))(5));
        }

        [Fact]
        public void Open_ExportedIfunc_PltSlotAndDlsymGetResolvedFunction()
        {
            var (linker, _, _) = TestHost.Create();
            int top = OpenOrFail(linker, "libtop.so");
            Assert.Equal(1003, ((delegate* unmanaged<int, int, int>)Sym(linker, top, "top_call_ifunc"))(1, 2));
            Assert.Equal(1007, ((delegate* unmanaged<int, int, int>)Sym(linker, top, "ifunc_add"))(3, 4));
        }

        [Fact]
        public void Open_HostFunctionImport_CallsCSharpCallback()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = OpenOrFail(linker, "libbase.so");
            Assert.Equal(43, ((delegate* unmanaged<int, int, int>)Sym(linker, handle, "call_host"))(6, 7));
        }

        [Fact]
        public void Open_UnresolvedPltFunction_BindsToMissingStub()
        {
            var (linker, host, _) = TestHost.Create();
            int top = OpenOrFail(linker, "libtop.so");
            Assert.Contains("never_defined_function", host.StubNames);
            ((delegate* unmanaged<void>)Sym(linker, top, "top_call_missing"))();
            Assert.Equal(1, TestHost.MissingStubCalls);
        }

        [Fact]
        public void Open_UnresolvedDataSymbol_FailsNamingSymbolAndObject()
        {
            var (linker, _, _) = TestHost.Create();
            Assert.Equal(0, linker.Open("libundefined.so"u8));
            string error = linker.TakeLastError()!;
            Assert.Contains("nowhere_data", error);
            Assert.Contains("libundefined.so", error);
            Assert.Equal(0, linker.ObjectCount);
        }

        [Fact]
        public void Open_MissingDependency_FailsNamingItAndUnwinds()
        {
            string directory = System.IO.Path.Combine(Fixtures.Directory, "only-top");
            System.IO.Directory.CreateDirectory(directory);
            System.IO.File.Copy(Fixtures.PathOf("libtop.so"), System.IO.Path.Combine(directory, "libtop.so"), overwrite: true);
            var (linker, _, _) = TestHost.Create(directory);
            Assert.Equal(0, linker.Open("libtop.so"u8));
            Assert.Equal("cannot find libbase.so (needed by libtop.so)", linker.LastError);
            Assert.Equal(0, linker.ObjectCount);
        }

        [Fact]
        public void Open_LibraryTheHostProvides_IsNotLoadedAndBindsToHost()
        {
            var (linker, host, _) = TestHost.Create();
            host.ProvidedLibraries.Add("libbase.so");
            nint data = (nint)NativeMemory.AllocZeroed(64);
            *(int*)data = 500;
            host.Extra["base_counter"] = data;
            host.Extra["base_initialized"] = data + 8;
            host.Extra["base_add"] = (nint)(delegate* unmanaged<int, int, int>)&Subtract;
            int top = OpenOrFail(linker, "libtop.so");
            Assert.Equal(1, linker.ObjectCount);
            Assert.Equal(500, ((delegate* unmanaged<int>)Sym(linker, top, "top_read_counter"))());
            Assert.Equal(-4, ((delegate* unmanaged<int, int, int, int>)Sym(linker, top, "top_sum"))(1, 2, 3));
        }

        [UnmanagedCallersOnly]
        private static int Subtract(int a, int b) => a - b;

        [Fact]
        public void Open_SysvHashOnly_LooksUpThroughDtHash()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = OpenOrFail(linker, "libsysv.so");
            Assert.Equal(0ul, linker.FindByHandle(handle)!.File.Dynamic.GnuHash);
            Assert.Equal(42, ((delegate* unmanaged<int, int>)Sym(linker, handle, "sysv_twice"))(21));
            Assert.Equal(31, ((delegate* unmanaged<int>)Sym(linker, handle, "sysv_read"))());
        }

        [Fact]
        public void Open_SameNameTwice_SameHandleAndStaysUntilLastClose()
        {
            var (linker, _, _) = TestHost.Create();
            int first = OpenOrFail(linker, "libtop.so");
            Assert.Equal(first, OpenOrFail(linker, "libtop.so"));
            Assert.Equal(0, linker.Close(first));
            Assert.Equal(2, linker.ObjectCount);
            Assert.Equal(0, linker.Close(first));
            Assert.Equal(0, linker.ObjectCount);
            Assert.Equal(-1, linker.Close(first));
        }

        [Fact]
        public void Close_LastReference_RunsFinalizersDependentFirst()
        {
            var (linker, _, _) = TestHost.Create();
            int top = OpenOrFail(linker, "libtop.so");
            Assert.Equal(0, linker.Close(top));
            Assert.Equal(new[] { 2002, 1001 }, TestHost.Recorded.ToArray());
        }

        [Fact]
        public void RunFinalizers_ReverseInitOrder_EachOnce()
        {
            var (linker, _, _) = TestHost.Create();
            OpenOrFail(linker, "libtop.so");
            linker.RunFinalizers();
            linker.RunFinalizers();
            Assert.Equal(new[] { 2002, 1001 }, TestHost.Recorded.ToArray());
        }

        [Fact]
        public void Symbol_Unknown_ReturnsZeroAndDlerrorOnce()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = OpenOrFail(linker, "libbase.so");
            Assert.Equal(0, linker.Symbol(handle, "no_such_function"u8));
            Assert.Equal("undefined symbol: no_such_function", linker.TakeLastError());
            Assert.Null(linker.TakeLastError());
            Assert.Equal(0, linker.Symbol(12345, "base_add"u8));
        }

        [Fact]
        public void Symbol_GlobalScope_FindsDependencySymbol()
        {
            var (linker, _, _) = TestHost.Create();
            OpenOrFail(linker, "libtop.so");
            nint address = linker.Symbol(0, "base_add"u8);
            Assert.Equal(9, ((delegate* unmanaged<int, int, int>)address)(4, 5));
        }
    }
}
