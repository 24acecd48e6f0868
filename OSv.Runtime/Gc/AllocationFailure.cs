// Why GcHeap.TryAllocate returned null.
namespace OSv.Runtime.Gc
{
    internal enum AllocationFailure
    {
        None,
        BudgetExhausted,    // a collection is due: stop the world, collect, retry
        OutOfMemory,        // the heap bound or the page source refused pages
    }
}
