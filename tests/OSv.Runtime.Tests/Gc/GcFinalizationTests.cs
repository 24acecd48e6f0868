using OSv.Runtime.Gc;
using OSv.Runtime.Gc.Handles;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcFinalizationTests
    {
        [Fact]
        public void UnreachableFinalizable_IsQueued_AndKeepsWhatItReferences()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* finalizable = test.Allocate(1, 8, seed: 1);
            byte* referenced = test.Allocate(0, 100, seed: 2);
            test.Link(finalizable, 0, referenced);
            test.Heap->RegisterForFinalization(finalizable);
            test.Collect();
            Assert.True(test.IsAllocated(finalizable) && test.IsAllocated(referenced));
            Assert.True(TestHeap.PayloadIntact(referenced, 2));
            Assert.Equal(new[] { (nuint)finalizable }, test.DrainFinalizable());
            test.Collect();
            Assert.False(test.IsAllocated(finalizable) || test.IsAllocated(referenced));
        }

        [Fact]
        public void QueuedObject_IsARootUntilDequeued()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* finalizable = test.Allocate(0, 8);
            test.Heap->RegisterForFinalization(finalizable);
            test.Collect();
            test.Collect();
            Assert.True(test.IsAllocated(finalizable));
            Assert.Equal(1, test.Heap->FinalizationQueueCount);
        }

        [Fact]
        public void Resurrected_ThenReRegistered_IsQueuedAgain_WithoutReRegistration_IsFreed()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* resurrected = test.Allocate(0, 8, seed: 3);
            test.Heap->RegisterForFinalization(resurrected);
            test.Collect();
            Assert.Single(test.DrainFinalizable());
            test.AddPrecise(resurrected);               // the finalizer stores this in a static
            test.Collect();
            Assert.True(test.IsAllocated(resurrected));
            Assert.Empty(test.DrainFinalizable());
            Assert.False(test.Heap->IsRegisteredForFinalization(resurrected));
            test.Heap->RegisterForFinalization(resurrected);   // GC.ReRegisterForFinalize
            test.ClearRoots();
            test.Collect();
            Assert.Equal(new[] { (nuint)resurrected }, test.DrainFinalizable());
            test.Collect();
            Assert.False(test.IsAllocated(resurrected));
        }

        [Fact]
        public void SuppressFinalize_FreesWithoutQueuing()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* obj = test.Allocate(0, 8);
            test.Heap->RegisterForFinalization(obj);
            test.Heap->SuppressFinalize(obj);
            test.Collect();
            Assert.Empty(test.DrainFinalizable());
            Assert.False(test.IsAllocated(obj));
        }

        [Fact]
        public void ShortWeak_IsClearedBeforeFinalization_LongWeak_AfterTheObjectReallyDies()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* obj = test.Allocate(0, 8);
            test.Heap->RegisterForFinalization(obj);
            nint shortWeak = test.Heap->AllocateHandle((nuint)obj, GcHandleKind.WeakShort);
            nint longWeak = test.Heap->AllocateHandle((nuint)obj, GcHandleKind.WeakLong);
            test.Collect();
            Assert.Equal((nuint)0, HandleTable.GetTarget(shortWeak));
            Assert.Equal((nuint)obj, HandleTable.GetTarget(longWeak));
            test.DrainFinalizable();
            test.Collect();
            Assert.Equal((nuint)0, HandleTable.GetTarget(longWeak));
        }

        [Fact]
        public void FullReadyQueue_KeepsTheRestRegisteredAndAlive_ForTheNextCollection()
        {
            var options = TestHeap.SmallOptions();
            options.FinalizationReadyMax = 2;
            using var test = new TestHeap(options);
            var objects = new nuint[5];
            for (int index = 0; index < objects.Length; index++)
            {
                objects[index] = (nuint)test.Allocate(0, 8);
                test.Heap->RegisterForFinalization((byte*)objects[index]);
            }
            test.Collect();
            Assert.Equal(3, test.Statistics.FinalizationQueueOverflows);
            foreach (nuint obj in objects)
                Assert.True(test.IsAllocated((byte*)obj));
            int finalized = 0;
            for (int round = 0; round < 4 && finalized < objects.Length; round++)
            {
                finalized += test.DrainFinalizable().Count;
                test.Collect();
            }
            finalized += test.DrainFinalizable().Count;
            Assert.Equal(objects.Length, finalized);
        }
    }
}
