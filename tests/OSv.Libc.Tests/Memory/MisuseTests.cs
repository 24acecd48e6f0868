// Misuse is reported through the Misuse hook with glibc's wording, and the heap survives it: a
// double free, a free of a pointer the heap never returned (interior, unaligned, foreign), a
// clobbered header, and _chk copies whose destination is too small (nothing is written).
// The tests call the C# entry points (Heap, Fortified) with a hook that throws, since an
// exception cannot cross an [UnmanagedCallersOnly] export.
using System;
using OSv.Libc.Memory;
using OSv.Libc.String;
using Xunit;

namespace OSv.Libc.Tests.Memory
{
    public sealed class MisuseReported : Exception
    {
        public MisuseReported(string message) : base(message) { }
    }

    [Collection("Misuse hook")]
    public sealed unsafe class MisuseTests : IDisposable
    {
        public MisuseTests() => Misuse.Handler = message => throw new MisuseReported(message);

        public void Dispose() => Misuse.Handler = null;

        [Fact]
        public void DoubleFree_OfASmallBlock_IsReportedAsDoubleFree()
        {
            byte* block = Heap.Allocate(24);
            Heap.Free(block);
            var reported = Assert.Throws<MisuseReported>(() => Heap.Free(block));
            Assert.Equal("free(): double free detected", reported.Message);
        }

        [Fact]
        public void Free_OfAnInteriorOrUnalignedPointer_IsReportedAsInvalid()
        {
            byte* block = Heap.Allocate(200);
            new Span<byte>(block, 200).Clear();
            Assert.Equal("free(): invalid pointer", Assert.Throws<MisuseReported>(() => Heap.Free(block + 32)).Message);
            Assert.Equal("free(): invalid pointer", Assert.Throws<MisuseReported>(() => Heap.Free(block + 3)).Message);
            Heap.Free(block);   // the real block is still fine
        }

        [Fact]
        public void Free_OfMemoryTheHeapNeverReturned_IsReportedAsInvalid()
        {
            byte* foreign = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(64, 16);
            new Span<byte>(foreign, 64).Fill(0x33);
            Assert.Throws<MisuseReported>(() => Heap.Free(foreign + 32));
            Assert.Throws<MisuseReported>(() => Heap.Reallocate(foreign + 32, 10));
            System.Runtime.InteropServices.NativeMemory.AlignedFree(foreign);
        }

        [Fact]
        public void Free_AfterAnUnderflowClobberedTheHeader_IsReported()
        {
            byte* block = Heap.Allocate(64);
            new Span<byte>(block - 8, 8).Fill(0x41);   // writes in front of the payload
            Assert.Throws<MisuseReported>(() => Heap.Free(block));
        }

        [Fact]
        public void UsableSize_OfAForeignPointer_IsReportedAndZero()
        {
            byte* foreign = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(64, 16);
            new Span<byte>(foreign, 64).Clear();
            Assert.Throws<MisuseReported>(() => Heap.UsableSize(foreign + 16));
            Misuse.Handler = _ => { };
            Assert.Equal((nuint)0, Heap.UsableSize(foreign + 16));
            System.Runtime.InteropServices.NativeMemory.AlignedFree(foreign);
        }

        [Fact]
        public void FortifiedCopies_DestinationTooSmall_StopBeforeWriting()
        {
            using var source = NativeBuffer.FromString("0123456789"u8);
            using var destination = new NativeBuffer(16);
            destination.Span.Fill(0x5A);
            byte* d = destination.Pointer, s = source.Pointer;
            Assert.Equal(Fortified.OverflowMessage, Assert.Throws<MisuseReported>(() => Fortified.StringCopy(d, s, 10)).Message);
            Assert.Throws<MisuseReported>(() => Fortified.StringCopyReturningEnd(d, s, 5));
            Assert.Throws<MisuseReported>(() => Fortified.MemoryCopy(d, s, 11, 10));
            Assert.Throws<MisuseReported>(() => Fortified.MemoryMove(d, s, 11, 10));
            Assert.Throws<MisuseReported>(() => Fortified.MemorySet(d, 0, 17, 16));
            Assert.Throws<MisuseReported>(() => Fortified.StringCopyPadded(d, s, 17, 16));
            Assert.True(destination.Span.IndexOfAnyExcept((byte)0x5A) < 0, "nothing was written");
            d[0] = (byte)'a';
            d[1] = 0;
            Assert.Throws<MisuseReported>(() => Fortified.StringAppend(d, s, 11));
            Assert.Throws<MisuseReported>(() => Fortified.StringAppendBounded(d, s, 10, 11));
            Assert.True(destination.Span.Slice(2).IndexOfAnyExcept((byte)0x5A) < 0, "nothing was appended");
        }

        [Fact]
        public void FortifiedCopies_ExactFit_Succeed()
        {
            using var source = NativeBuffer.FromString("0123456789"u8);
            using var destination = new NativeBuffer(16);
            byte* d = destination.Pointer, s = source.Pointer;
            Assert.True(Fortified.StringCopy(d, s, 11) == d);
            Assert.True(Fortified.StringCopyReturningEnd(d, s, 11) == d + 10);
            Assert.True(Fortified.StringAppendBounded(d, s, 5, 16) == d);
            Assert.True(destination.Span.Slice(0, 16).SequenceEqual("012345678901234\0"u8));
            var strcpyChk = (delegate* unmanaged<byte*, byte*, nuint, byte*>)CLibraries.Ours("__strcpy_chk");
            Assert.True(strcpyChk(d, s, 11) == d);
        }
    }
}
