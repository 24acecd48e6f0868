// The allocation slow path's policy: when the heap asks for a collection (budget exhausted) or
// runs out of pages, ask the runtime to stop the world and collect, then retry once ignoring the
// budget; null after that is out of memory. The runtime's side is an ICollectionRequest struct
// (stop the world, retire every thread's allocation context, GcHeap.Collect with its roots,
// record the pause, resume); the heap itself never stops threads.
namespace OSv.Runtime.Gc
{
    internal unsafe interface ICollectionRequest
    {
        void CollectWithWorldStopped();
    }

    internal static unsafe class GcAllocator
    {
        public static byte* Allocate<TModel, TPages, TRequest>(GcHeap<TModel, TPages>* heap, AllocationContext* context,
            nuint objectBytes, ref TRequest request)
            where TModel : unmanaged, IObjectModel
            where TPages : unmanaged, IPageSource
            where TRequest : struct, ICollectionRequest
        {
            byte* obj = heap->TryAllocate(context, objectBytes);
            if (obj != null)
                return obj;
            request.CollectWithWorldStopped();
            return heap->TryAllocate(context, objectBytes, respectBudget: false);
        }
    }
}
