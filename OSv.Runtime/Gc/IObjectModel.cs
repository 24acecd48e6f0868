// What the collector needs to know about an object, and nothing more: its size, whether it holds
// references, and where they are. A struct implementing this is the TModel type argument of
// GcHeap (where TModel : unmanaged, IObjectModel), so every call is direct and inlinable: the
// image uses MethodTableObjectModel (NativeAOT's MethodTable and GCDesc), hosted tests a small
// fake model.
//
// An object address is where references point: one word after the start of its cell (the
// header word, GcLimits.ObjectHeaderBytes). The word at the object address is its type and is
// never zero for an allocated object; the collector skips an object whose type word is zero
// (a cell whose allocation is still in progress), so the model is never asked about one.
namespace OSv.Runtime.Gc
{
    internal unsafe interface IObjectModel
    {
        // Bytes the object occupies, its header word included (NativeAOT's BaseSize +
        // ComponentSize × length), rounded up to GcLimits.ObjectAlignmentBytes.
        nuint ObjectBytes(byte* obj);

        bool HasReferences(byte* obj);

        // Calls visitor.Visit once for each reference field (each slot, null or not).
        void VisitReferences<TVisitor>(byte* obj, ref TVisitor visitor)
            where TVisitor : struct, IReferenceVisitor;
    }

    internal unsafe interface IReferenceVisitor
    {
        void Visit(nuint* slot);
    }
}
