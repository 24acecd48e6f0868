// The object model of the collector's hosted tests: after the header word, a type word
// (bit 63 set so it is never zero; bits 0..31 the object's bytes with header, bits 32..47 the
// number of references), then the references, then payload bytes to the end of the object.
using OSv.Runtime.Gc;

namespace OSv.Runtime.Tests.Gc
{
    internal unsafe struct FakeObjectModel : IObjectModel
    {
        private const ulong TypeMarker = 1UL << 63;
        public const int ReferencesOffset = 8;

        public static nuint BytesFor(int referenceCount, int payloadBytes) =>
            (nuint)((GcLimits.ObjectHeaderBytes + ReferencesOffset + referenceCount * 8 + payloadBytes + 7) & ~7);

        public static void Format(byte* obj, nuint objectBytes, int referenceCount) =>
            *(ulong*)obj = TypeMarker | ((ulong)referenceCount << 32) | (uint)objectBytes;

        public static int ReferenceCount(byte* obj) => (int)((*(ulong*)obj >> 32) & 0xFFFF);

        public static nuint* Reference(byte* obj, int index) => (nuint*)(obj + ReferencesOffset) + index;

        public static byte* Payload(byte* obj) => obj + ReferencesOffset + ReferenceCount(obj) * 8;

        public static int PayloadBytes(byte* obj) =>
            (int)((uint)*(ulong*)obj - GcLimits.ObjectHeaderBytes - ReferencesOffset - ReferenceCount(obj) * 8);

        public nuint ObjectBytes(byte* obj) => (uint)*(ulong*)obj;

        public bool HasReferences(byte* obj) => ReferenceCount(obj) != 0;

        public void VisitReferences<TVisitor>(byte* obj, ref TVisitor visitor) where TVisitor : struct, IReferenceVisitor
        {
            int count = ReferenceCount(obj);
            for (int index = 0; index < count; index++)
                visitor.Visit(Reference(obj, index));
        }
    }
}
