// Thread-local storage: GD-model accesses through the host's __tls_get_addr land in the block of
// whichever thread pointer is current; initial images and zeroed .tbss per block; the TCB words;
// TPOFF64 for an initial-exec variable; and modules loaded after blocks exist.
using System;
using OSv.Loader.Elf;
using OSv.Loader.Linking;
using Xunit;

namespace OSv.Loader.Tests
{
    public sealed unsafe class TlsTests
    {
        private static nint Sym(DynamicLinker linker, int handle, string name)
        {
            nint address = linker.Symbol(handle, System.Text.Encoding.UTF8.GetBytes(name));
            Assert.True(address != 0, linker.LastError);
            return address;
        }

        [Fact]
        public void GlobalDynamic_TwoThreadBlocks_KeepSeparateValues()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = linker.Open("libbase.so"u8);
            Assert.True(handle != 0, linker.LastError);
            var bump = (delegate* unmanaged<int>)Sym(linker, handle, "tls_bump");
            ulong first = linker.Tls.CreateThreadBlock(), second = linker.Tls.CreateThreadBlock();
            TestHost.ThreadPointer = first;
            Assert.Equal(101, bump());
            Assert.Equal(102, bump());
            TestHost.ThreadPointer = second;
            Assert.Equal(101, bump());
            TestHost.ThreadPointer = first;
            Assert.Equal(103, bump());
        }

        [Fact]
        public void GlobalDynamic_Address_IsInsideTheThreadsStaticBlock()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = linker.Open("libbase.so"u8);
            LoadedObject obj = linker.FindByHandle(handle)!;
            ulong threadPointer = linker.Tls.CreateThreadBlock();
            TestHost.ThreadPointer = threadPointer;
            nint address = ((delegate* unmanaged<nint>)Sym(linker, handle, "tls_counter_address"))();
            Assert.Equal((nint)(threadPointer - linker.Tls.OffsetOf(obj.TlsModuleId)), address);
            Assert.Equal(100, *(int*)address);
            Assert.Equal(0, ((delegate* unmanaged<int>)Sym(linker, handle, "tls_zero_sum"))());
        }

        [Fact]
        public void CreateThreadBlock_ThreadControlBlock_SelfPointersAndOneCanaryPerProcess()
        {
            var layout = new TlsLayout();
            ulong first = layout.CreateThreadBlock(), second = layout.CreateThreadBlock();
            Assert.NotEqual(0ul, first);
            Assert.Equal(first, *(ulong*)first);
            Assert.Equal(first, *(ulong*)(first + TlsLayout.SelfOffset));
            Assert.Equal(0, *(byte*)(first + TlsLayout.CanaryOffset));
            Assert.NotEqual(0ul, *(ulong*)(first + TlsLayout.CanaryOffset));
            Assert.Equal(layout.Canary, *(ulong*)(first + TlsLayout.CanaryOffset));
            Assert.Equal(*(ulong*)(first + TlsLayout.CanaryOffset), *(ulong*)(second + TlsLayout.CanaryOffset));
            Assert.Equal(*(ulong*)(first + TlsLayout.PointerGuardOffset), *(ulong*)(second + TlsLayout.PointerGuardOffset));
            Assert.NotEqual(layout.Canary, new TlsLayout().CreateThreadBlock() is ulong other ? *(ulong*)(other + TlsLayout.CanaryOffset) : 0);
            Assert.Equal(0ul, first % 64);
            Assert.Equal(2, layout.LiveBlockCount);
            layout.ReleaseThreadBlock(first);
            Assert.Equal(1, layout.LiveBlockCount);
        }

        [Fact]
        public void InitialExec_TpOff64_IsNegativeStaticOffset()
        {
            var (linker, _, _) = TestHost.Create();
            int handle = linker.Open("libie.so"u8);
            Assert.True(handle != 0, linker.LastError);
            LoadedObject obj = linker.FindByHandle(handle)!;
            long slot = *(long*)obj.Address(FindRelocationOffset(obj, ElfConstants.RTpOff64));
            Assert.Equal(-(long)linker.Tls.OffsetOf(obj.TlsModuleId), slot);
            ulong threadPointer = linker.Tls.CreateThreadBlock();
            Assert.Equal(3, *(int*)(threadPointer + (ulong)slot));
        }

        [Fact]
        public void AddModule_AfterBlocksExist_InitializesLiveBlocksFromSurplus()
        {
            var (linker, _, _) = TestHost.Create();
            ulong threadPointer = linker.Tls.CreateThreadBlock();
            int handle = linker.Open("libbase.so"u8);
            Assert.True(handle != 0, linker.LastError);
            TestHost.ThreadPointer = threadPointer;
            Assert.Equal(101, ((delegate* unmanaged<int>)Sym(linker, handle, "tls_bump"))());
            Assert.True(linker.Tls.StaticBytes <= LoaderLimits.StaticTlsSurplusBytes + 64);
        }

        [Fact]
        public void AddModule_SurplusExhausted_IsRefused()
        {
            var layout = new TlsLayout();
            layout.CreateThreadBlock();
            Assert.Equal(0ul, layout.AddModule(0, 0, LoaderLimits.StaticTlsSurplusBytes + 1, 8, 0));
            Assert.Equal(1ul, layout.AddModule(0, 0, 16, 8, 0));
        }

        [Fact]
        public void AddModule_VariantTwoOffsets_AlignedAndDisjoint()
        {
            var layout = new TlsLayout();
            Assert.Equal(1ul, layout.AddModule(0, 0, 4, 4, 0));
            Assert.Equal(2ul, layout.AddModule(0, 0, 100, 64, 0));
            Assert.Equal(4ul, layout.OffsetOf(1));
            Assert.Equal(128ul, layout.OffsetOf(2));
            Assert.Equal(0, (nint)layout.GetAddress(0, 1, 0));
            Assert.Equal((nint)(4096 - 128 + 8), layout.GetAddress(4096, 2, 8));
            Assert.Equal(0, (nint)layout.GetAddress(4096, 3, 0));
        }

        private static ulong FindRelocationOffset(LoadedObject obj, uint type)
        {
            DynamicInfo dynamic = obj.File.Dynamic;
            for (ulong offset = 0; offset < dynamic.RelaBytes; offset += ElfConstants.RelaBytes)
            {
                Rela rela = *(Rela*)obj.Address(dynamic.Rela + offset);
                if (rela.Type == type)
                    return rela.Offset;
            }
            throw new InvalidOperationException("no relocation of type " + type);
        }
    }
}
