// The runtime's view of a type, as ilc 10.0.12 emits it (x64, relative pointers). Only the
// fields the interim runtime reads are declared; offsets are fixed by the compiler and checked by
// the image tests (casts, interface dispatch and allocation all fail loudly if they drift).
//
//   +0  ushort componentSize (or extended flags)   +2 ushort flags
//   +4  uint   baseSize
//   +8  MethodTable* relatedType (base type; element type for arrays)
//   +16 ushort vtableSlotCount   +18 ushort interfaceCount   +20 uint hashCode
//   +24 vtable: vtableSlotCount code pointers, then interfaceCount MethodTable pointers,
//       then 4-byte relative pointers: type manager, writable data, [dispatch map],
//       [finalizer], [sealed virtual slots], ...
using System.Runtime.CompilerServices;

namespace Internal.Runtime
{
    public unsafe struct MethodTable
    {
        private const uint HasComponentSizeFlag = 0x80000000;
        private const uint KindMask = 0x00030000;
        private const uint ParameterizedKind = 0x00020000;
        private const uint HasDispatchMapFlag = 0x00040000;
        private const uint HasFinalizerFlag = 0x00100000;
        private const uint HasSealedVTableEntriesFlag = 0x00400000;
        private const uint HasPointersFlag = 0x01000000;
        private const uint ElementTypeMask = 0x7C000000;
        private const int ElementTypeShift = 26;
        private const int RelativePointerSize = 4;

        private ushort _componentSize;
        private ushort _flags;
        private uint _baseSize;
        private MethodTable* _relatedType;
        private ushort _vtableSlotCount;
        private ushort _interfaceCount;
        private uint _hashCode;

        private uint CombinedFlags => ((uint)_flags << 16) | _componentSize;

        public ushort ComponentSize => (CombinedFlags & HasComponentSizeFlag) != 0 ? _componentSize : (ushort)0;

        public bool HasComponentSize => (CombinedFlags & HasComponentSizeFlag) != 0;

        public uint BaseSize => _baseSize;

        public bool HasPointers => (CombinedFlags & HasPointersFlag) != 0;

        public ElementType ElementType => (ElementType)((CombinedFlags & ElementTypeMask) >> ElementTypeShift);

        public bool IsParameterized => (CombinedFlags & KindMask) == ParameterizedKind;

        public bool IsArray => IsParameterized && (ElementType == ElementType.SzArray || ElementType == ElementType.Array);

        public bool IsInterface => ElementType == ElementType.Interface;

        public bool IsValueType => ElementType < ElementType.Class && ElementType != ElementType.Unknown;

        public bool IsNullable => ElementType == ElementType.Nullable;

        // For classes the parent type, for arrays and pointers the element type.
        public MethodTable* RelatedType => _relatedType;

        public MethodTable* BaseType => IsParameterized ? null : _relatedType;

        public MethodTable* ArrayElementType => IsParameterized ? _relatedType : null;

        public uint ValueTypeSize => _baseSize - (uint)(2 * sizeof(nint));

        public int InterfaceCount => _interfaceCount;

        public int VTableSlotCount => _vtableSlotCount;

        private byte* Self => (byte*)Unsafe.AsPointer(ref this);

        private nint* VTable => (nint*)(Self + 24);

        public MethodTable** InterfaceMap => (MethodTable**)(VTable + _vtableSlotCount);

        private byte* OptionalFields => (byte*)(InterfaceMap + _interfaceCount);

        private byte* DispatchMapField => OptionalFields + 2 * RelativePointerSize;

        public DispatchMap* DispatchMap =>
            (CombinedFlags & HasDispatchMapFlag) != 0 ? (DispatchMap*)ReadRelativePointer(DispatchMapField) : null;

        private byte* SealedVirtualSlotsField
        {
            get
            {
                byte* position = DispatchMapField;
                if ((CombinedFlags & HasDispatchMapFlag) != 0)
                    position += RelativePointerSize;
                if ((CombinedFlags & HasFinalizerFlag) != 0)
                    position += RelativePointerSize;
                return position;
            }
        }

        public nint GetVirtualSlot(int slot)
        {
            if (slot < _vtableSlotCount)
                return VTable[slot];
            // Sealed slots live in a side table of relative pointers.
            if ((CombinedFlags & HasSealedVTableEntriesFlag) == 0)
                return 0;
            byte* sealedSlots = ReadRelativePointer(SealedVirtualSlotsField);
            return (nint)ReadRelativePointer(sealedSlots + (slot - _vtableSlotCount) * RelativePointerSize);
        }

        public static byte* ReadRelativePointer(byte* field) => field + *(int*)field;
    }

    public enum ElementType : byte
    {
        Unknown = 0x00, Void = 0x01, Boolean = 0x02, Char = 0x03, SByte = 0x04, Byte = 0x05,
        Int16 = 0x06, UInt16 = 0x07, Int32 = 0x08, UInt32 = 0x09, Int64 = 0x0A, UInt64 = 0x0B,
        IntPtr = 0x0C, UIntPtr = 0x0D, Single = 0x0E, Double = 0x0F, ValueType = 0x10,
        Nullable = 0x12, Class = 0x14, Interface = 0x15, SystemArray = 0x16, Array = 0x17,
        SzArray = 0x18, ByRef = 0x19, Pointer = 0x1A, FunctionPointer = 0x1B,
    }

    // The per-type table mapping (interface, interface slot) to an implementation slot.
    public unsafe struct DispatchMap
    {
        private ushort _standardEntryCount;
        private ushort _defaultEntryCount;
        private ushort _standardStaticEntryCount;
        private ushort _defaultStaticEntryCount;

        public int StandardEntryCount => _standardEntryCount;

        public DispatchMapEntry* Entries => (DispatchMapEntry*)((byte*)Unsafe.AsPointer(ref this) + 8);
    }

    public struct DispatchMapEntry
    {
        public ushort InterfaceIndex;
        public ushort InterfaceMethodSlot;
        public ushort ImplementationMethodSlot;
    }
}
