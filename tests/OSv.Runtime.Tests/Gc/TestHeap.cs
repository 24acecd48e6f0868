// A collector under test: a GcHeap over the fake model and the test page source, one
// allocation context, and root tables, all in native memory; helpers to allocate fake objects
// with a checksummed payload and to collect.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    internal sealed unsafe class TestHeap : IDisposable
    {
        public const int RootsMax = 4096;

        public readonly GcHeap<FakeObjectModel, TestPageSource>* Heap;
        public readonly AllocationContext* Context;
        public TestPageSource Pages;
        public TestRoots Roots;

        public TestHeap(GcHeapOptions options)
        {
            Pages = TestPageSource.Create();
            Heap = (GcHeap<FakeObjectModel, TestPageSource>*)NativeMemory.AllocZeroed((nuint)sizeof(GcHeap<FakeObjectModel, TestPageSource>));
            Context = (AllocationContext*)NativeMemory.AllocZeroed((nuint)sizeof(AllocationContext));
            Assert.True(Heap->Initialize(Pages, options));
            Roots.Precise = (nuint*)NativeMemory.AllocZeroed(RootsMax * (nuint)sizeof(nuint));
            Roots.Stack = (nuint*)NativeMemory.AllocZeroed(RootsMax * (nuint)sizeof(nuint));
        }

        public static GcHeapOptions SmallOptions(long heapBytesMax = 4 << 20, int markStackEntries = 1024) => new GcHeapOptions
        {
            HeapBytesMax = heapBytesMax,
            MarkStackEntries = markStackEntries,
            HandlesMax = 512,
            FinalizationReadyMax = 256,
            MinimumBudgetBytes = 256 << 10,
            BudgetPercentOfLive = 100,
        };

        public GcStatistics Statistics => Heap->Statistics;

        // A fake object with referenceCount null references and a payload filled from seed.
        public byte* Allocate(int referenceCount, int payloadBytes, ulong seed = 1)
        {
            nuint bytes = FakeObjectModel.BytesFor(referenceCount, payloadBytes);
            byte* obj = Heap->TryAllocate(Context, bytes, respectBudget: false);
            Assert.True(obj != null, "allocation failed: " + Heap->LastFailure);
            AssertZeroed(obj - GcLimits.ObjectHeaderBytes, bytes);
            FakeObjectModel.Format(obj, bytes, referenceCount);
            FillPayload(obj, seed);
            return obj;
        }

        public void Link(byte* from, int index, byte* to) => *FakeObjectModel.Reference(from, index) = (nuint)to;

        public byte* Target(byte* from, int index) => (byte*)*FakeObjectModel.Reference(from, index);

        public void AddPrecise(byte* obj) => Roots.Precise[Roots.PreciseCount++] = (nuint)obj;

        public void AddStackWord(nuint word) => Roots.Stack[Roots.StackWords++] = word;

        public void ClearRoots()
        {
            Roots.PreciseCount = 0;
            Roots.StackWords = 0;
        }

        public void Collect()
        {
            Heap->RetireContext(Context);
            Heap->Collect(ref Roots);
        }

        public bool IsAllocated(byte* obj) => Heap->IsAllocatedObject(obj);

        public List<nuint> DrainFinalizable()
        {
            var drained = new List<nuint>();
            for (byte* obj = Heap->DequeueFinalizable(); obj != null; obj = Heap->DequeueFinalizable())
                drained.Add((nuint)obj);
            return drained;
        }

        public static void FillPayload(byte* obj, ulong seed)
        {
            byte* payload = FakeObjectModel.Payload(obj);
            int bytes = FakeObjectModel.PayloadBytes(obj);
            ulong state = seed;
            for (int index = 0; index < bytes; index++)
            {
                state = state * 6364136223846793005UL + 1442695040888963407UL;
                payload[index] = (byte)(state >> 56);
            }
        }

        public static bool PayloadIntact(byte* obj, ulong seed)
        {
            byte* payload = FakeObjectModel.Payload(obj);
            int bytes = FakeObjectModel.PayloadBytes(obj);
            ulong state = seed;
            for (int index = 0; index < bytes; index++)
            {
                state = state * 6364136223846793005UL + 1442695040888963407UL;
                if (payload[index] != (byte)(state >> 56))
                    return false;
            }
            return true;
        }

        private static void AssertZeroed(byte* start, nuint bytes)
        {
            for (nuint index = 0; index < bytes; index++)
                if (start[index] != 0)
                    Assert.Fail($"allocated memory not zeroed at +{index}");
        }

        public void Dispose()
        {
            Heap->Dispose();
            Assert.Equal(0, Pages.PagesOutstanding);
            NativeMemory.Free(Heap);
            NativeMemory.Free(Context);
            NativeMemory.Free(Roots.Precise);
            NativeMemory.Free(Roots.Stack);
            Pages.Destroy();
        }
    }
}
