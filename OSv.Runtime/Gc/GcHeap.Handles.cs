// GC handles on the heap's HandleTable (Handles/HandleTable.cs); the collector walks the table
// during a collection (GcHeap.Collection.cs). The handle's value is the address of its target
// word, as CoreLib expects.
using OSv.Runtime.Gc.Handles;

namespace OSv.Runtime.Gc
{
    internal unsafe partial struct GcHeap<TModel, TPages>
    {
        // 0 when the table is full.
        public nint AllocateHandle(nuint target, GcHandleKind kind, nuint secondary = 0) =>
            _handles.Allocate(target, kind, secondary);

        public void FreeHandle(nint handle) => _handles.Free(handle);

        public bool OwnsHandle(nint handle) => _handles.Owns(handle);
    }
}
