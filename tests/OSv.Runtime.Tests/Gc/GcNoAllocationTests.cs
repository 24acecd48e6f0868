// The collector runs when memory is short: allocation, collection, handles and finalization
// must not allocate managed memory. Measured with the thread's allocation counter.
using OSv.Runtime.Gc;
using OSv.Runtime.Gc.Handles;
using OSv.Testing;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcNoAllocationTests
    {
        [Fact]
        public void AllocateLinkCollectHandlesAndFinalization_AllocateNoManagedMemory()
        {
            using var test = new TestHeap(TestHeap.SmallOptions(markStackEntries: 4));
            var heap = test.Heap;
            var context = test.Context;
            byte* root = test.Allocate(8, 0);
            test.AddPrecise(root);
            long bytes = AllocationMeter.SteadyStateBytes(() =>
            {
                nuint size = FakeObjectModel.BytesFor(1, 40);
                byte* previous = root;
                for (int index = 0; index < 300; index++)
                {
                    byte* obj = heap->TryAllocate(context, size, respectBudget: false);
                    FakeObjectModel.Format(obj, size, 1);
                    if (index < 8)
                        *FakeObjectModel.Reference(root, index) = (nuint)obj;    // wide: overflows a 4-entry stack
                    else
                        *FakeObjectModel.Reference(previous, 0) = (nuint)obj;
                    previous = obj;
                }
                byte* large = heap->TryAllocate(context, 9000, respectBudget: false);
                FakeObjectModel.Format(large, 9000, 0);
                heap->RegisterForFinalization(large);
                nint weak = heap->AllocateHandle((nuint)large, GcHandleKind.WeakLong);
                nint dependent = heap->AllocateHandle((nuint)root, GcHandleKind.Dependent, (nuint)large);
                heap->RetireContext(context);
                heap->Collect(ref test.Roots);
                while (heap->DequeueFinalizable() != null)
                {
                }
                heap->FreeHandle(weak);
                heap->FreeHandle(dependent);
            });
            Assert.Equal(0, bytes);
            Assert.True(test.Statistics.MarkStackOverflows > 0);
        }
    }
}
