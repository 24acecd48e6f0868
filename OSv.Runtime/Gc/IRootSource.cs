// How the runtime tells the collector where its roots are. The runtime (with the world stopped)
// implements IRootSource and reports, through the sink GcHeap.Collect hands it:
//   precise roots: references known to be object addresses or null (GC statics cells,
//     references in frozen objects, the runtime's own handles to objects);
//   conservative ranges: words that may or may not be references (thread stacks from the
//     saved stack pointer to the stack base, saved register sets). A word keeps an object if
//     it points anywhere inside an allocated cell (object start, header word, or interior:
//     byrefs to fields and array elements are interior pointers);
//   objects outside the heap whose reference fields are roots: frozen objects (ilc's
//     preinitialized data) that may have been written to, e.g. a preinitialized static array
//     of references. The collector reads their fields through the object model.
//   allocation contexts of live threads: their windows' unused tails are kept.
// GC handles and the finalization ready queue are the collector's own and need not be reported.
namespace OSv.Runtime.Gc
{
    internal unsafe interface IRootSource
    {
        void ReportRoots<TSink>(ref TSink sink) where TSink : struct, IRootSink;
    }

    internal unsafe interface IRootSink
    {
        void ReportPrecise(nuint reference);

        // Every aligned word in [start, end).
        void ReportConservative(nuint* start, nuint* end);

        // Every reference field of obj, an object that is not in the heap.
        void ReportReferencesOf(byte* obj);

        // An allocation context that was not retired (a live thread's): the unused tails of its
        // windows stay allocated across the collection, so that its thread may go on bumping
        // from them, even from a cursor it read before the world stopped.
        void ReportAllocationWindows(AllocationContext* context);
    }
}
