// The handle kinds the collector knows, numbered as the runtime's HNDTYPE_* values (and so as
// System.Runtime.InteropServices.GCHandleType for the first four), so that the exports pass
// CoreLib's numbers through unchanged.
namespace OSv.Runtime.Gc.Handles
{
    internal enum GcHandleKind
    {
        Free = -1,
        WeakShort = 0,              // cleared as soon as the target is unreachable
        WeakLong = 1,               // "track resurrection": cleared only after finalization scan
        Strong = 2,
        Pinned = 3,                 // the heap never moves objects: pinned is strong
        Dependent = 6,              // target keeps Secondary alive; both cleared when target dies
    }
}
