// The image's object model: NativeAOT's MethodTable (ilc 10.0.12 / System.Private.CoreLib
// 10.0.12) and the GCDesc ilc writes before it.
//
// MethodTable begins { uint Flags; uint BaseSize; … }, the low 16 bits of Flags being the
// ComponentSize when HasComponentSize is set (extended flags otherwise). Flag values are
// Internal.Runtime.EETypeFlags of the pinned CoreLib, which a test reads from its metadata:
// HasFinalizer 0x00100000, HasPointers 0x01000000, HasComponentSize 0x80000000. (Older
// runtimes kept a 16-bit flags field with other values: dotnet/runtime's MethodTable.Constants.cs
// of some versions shows 0x0010/0x0020/0x0200, which 10.0.12 does not use.)
// Size = BaseSize + ComponentSize × length (arrays and strings: uint length at object + 8),
// the header word included, as the collector counts.
//
// GCDesc (dotnet/runtime src/coreclr/gc/gcdesc.h), present when HasPointers, grows down from
// the MethodTable: the word before it is NumSeries.
//   NumSeries > 0: that many series { nuint SeriesSize; nuint StartOffset } below it, highest
//     first at MethodTable − 8 − 16. A series covers [obj + StartOffset, obj + StartOffset +
//     SeriesSize + size): SeriesSize was stored minus BaseSize, so for an array of references
//     the one series spans all elements.
//   NumSeries < 0: an array of structs with references. The highest series' StartOffset is
//     where elements begin; −NumSeries items { uint PointerCount; uint SkipBytes } are stored
//     downward from the highest series' first word (item 0 there, item 1 eight bytes below, …).
//     Walking the items in order over and over covers every element, until obj + size − 8
//     (the end of the object: size counts the header word, which is before obj).
using System.Runtime.CompilerServices;

namespace OSv.Runtime.Gc
{
    internal unsafe struct MethodTableObjectModel : IObjectModel
    {
        public const uint HasFinalizerFlag = 0x0010_0000;
        public const uint HasPointersFlag = 0x0100_0000;
        public const uint HasComponentSizeFlag = 0x8000_0000;
        private const uint ComponentSizeMask = 0xFFFF;

        private const int BaseSizeOffset = Memory.ObjectSize.BaseSizeOffset;
        private const int ArrayLengthOffset = Memory.ObjectSize.LengthOffset;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* MethodTableOf(byte* obj) => *(byte**)obj;

        public static uint FlagsOf(byte* methodTable) => *(uint*)methodTable;

        public static bool HasFinalizer(byte* methodTable) => (FlagsOf(methodTable) & HasFinalizerFlag) != 0;

        // Allocation size of an instance (arrays and strings: of length elements), unaligned.
        public static nuint InstanceBytes(byte* methodTable, uint length)
        {
            nuint bytes = *(uint*)(methodTable + BaseSizeOffset);
            uint flags = FlagsOf(methodTable);
            if ((flags & HasComponentSizeFlag) != 0)
                bytes += (nuint)(flags & ComponentSizeMask) * length;
            return bytes;
        }

        public nuint ObjectBytes(byte* obj) =>
            (RawObjectBytes(obj) + GcLimits.ObjectAlignmentBytes - 1) & ~(nuint)(GcLimits.ObjectAlignmentBytes - 1);

        public bool HasReferences(byte* obj) => (FlagsOf(MethodTableOf(obj)) & HasPointersFlag) != 0;

        public void VisitReferences<TVisitor>(byte* obj, ref TVisitor visitor) where TVisitor : struct, IReferenceVisitor
        {
            byte* methodTable = MethodTableOf(obj);
            if ((FlagsOf(methodTable) & HasPointersFlag) == 0)
                return;
            nint seriesCount = *((nint*)methodTable - 1);
            var highest = (nuint*)(methodTable - sizeof(nint) - 2 * sizeof(nuint));
            nuint size = RawObjectBytes(obj);
            if (seriesCount > 0)
                VisitSeries(obj, highest, seriesCount, size, ref visitor);
            else
                VisitRepeatingSeries(obj, highest, -seriesCount, size, ref visitor);
        }

        private static nuint RawObjectBytes(byte* obj)
        {
            byte* methodTable = MethodTableOf(obj);
            uint length = (FlagsOf(methodTable) & HasComponentSizeFlag) != 0 ? *(uint*)(obj + ArrayLengthOffset) : 0;
            return InstanceBytes(methodTable, length);
        }

        // series[0] = SeriesSize, series[1] = StartOffset; the next lower series is 2 words down.
        private static void VisitSeries<TVisitor>(byte* obj, nuint* highest, nint seriesCount, nuint size, ref TVisitor visitor)
            where TVisitor : struct, IReferenceVisitor
        {
            nuint* series = highest;
            for (nint index = 0; index < seriesCount; index++, series -= 2)
            {
                var slot = (nuint*)(obj + series[1]);
                var stop = (nuint*)((byte*)slot + series[0] + size);
                for (; slot < stop; slot++)
                    visitor.Visit(slot);
            }
        }

        private static void VisitRepeatingSeries<TVisitor>(byte* obj, nuint* highest, nint itemCount, nuint size, ref TVisitor visitor)
            where TVisitor : struct, IReferenceVisitor
        {
            var items = (uint*)highest;                 // item i: items[-2i] pointers, items[-2i+1] skip
            var slot = (nuint*)(obj + highest[1]);
            byte* end = obj + size - GcLimits.ObjectHeaderBytes;
            while ((byte*)slot < end)
            {
                for (nint index = 0; index < itemCount; index++)
                {
                    uint pointerCount = items[-2 * index];
                    uint skipBytes = items[-2 * index + 1];
                    nuint* stop = slot + pointerCount;
                    for (; slot < stop; slot++)
                        visitor.Visit(slot);
                    slot = (nuint*)((byte*)stop + skipBytes);
                }
            }
        }
    }
}
