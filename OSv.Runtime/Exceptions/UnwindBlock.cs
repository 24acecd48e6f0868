// ilc's per-function "unwind block": the blob an FDE's LSDA pointer names, in .dotnet_eh_table.
// It is NativeAOT's own format (UnixNativeCodeManager.cpp reads it; ilc writes it), not a C++
// LSDA. Checked against ilc 10.0.12 output by the tests in Exceptions/.
//
//   byte flags:  bits 0–1 function kind (0 root method, 1 handler funclet — catch, finally,
//                fault —, 2 filter funclet), 0x04 has EH info, 0x08 reverse P/Invoke
//                ([UnmanagedCallersOnly]), 0x10 has associated data
//   funclet:     int32 self-relative pointer to the root method's unwind block, then uint32
//                offset of the funclet from the method's start
//   root:        [int32 self-relative pointer to associated data] if 0x10,
//                [int32 self-relative pointer to EH info] if 0x04, then the GC info
//
// Funclets are separate FDEs (separate code ranges for the unwinder) but share the root's EH
// info: clause offsets are relative to the root's start, so every EH decision goes through the
// root block ("main LSDA").
namespace OSv.Runtime.Exceptions;

internal enum FunctionKind : byte
{
    Root = 0,
    Handler = 1,
    Filter = 2,
}

internal readonly struct UnwindBlock
{
    public const byte KindMask = 0x03;
    public const byte HasEHInfoFlag = 0x04;
    public const byte ReversePInvokeFlag = 0x08;
    public const byte HasAssociatedDataFlag = 0x10;

    /// <summary>Address of this function's block.</summary>
    public ulong Address { get; init; }
    /// <summary>Address of the root method's block (== Address for a root).</summary>
    public ulong RootAddress { get; init; }
    public byte Flags { get; init; }
    public byte RootFlags { get; init; }
    /// <summary>Start of the root method's code.</summary>
    public ulong MethodStart { get; init; }
    /// <summary>0 when the method has no EH clauses.</summary>
    public ulong EHInfoAddress { get; init; }
    /// <summary>0 when the method has none.</summary>
    public ulong AssociatedDataAddress { get; init; }
    /// <summary>Start of the root method's GC info.</summary>
    public ulong GCInfoAddress { get; init; }

    public FunctionKind Kind => (FunctionKind)(Flags & KindMask);
    public bool IsFunclet => Kind != FunctionKind.Root;
    public bool IsFilter => Kind == FunctionKind.Filter;
    public bool HasEHInfo => (RootFlags & HasEHInfoFlag) != 0;
    public bool IsReversePInvoke => (RootFlags & ReversePInvokeFlag) != 0;

    /// <summary>Decodes the block at <paramref name="lsdaAddress"/> for the code range that
    /// starts at <paramref name="functionStart"/> (the FDE's pc_begin).</summary>
    public static bool TryDecode(ModuleMemory memory, ulong lsdaAddress, ulong functionStart, out UnwindBlock block)
    {
        block = default;
        if (!memory.TryReadByte(lsdaAddress, out byte flags) || (flags & KindMask) == KindMask)
            return false;
        ulong rootAddress = lsdaAddress;
        ulong methodStart = functionStart;
        if ((flags & KindMask) != (byte)FunctionKind.Root)
        {
            if (!memory.TryReadRelativePointer(lsdaAddress + 1, out rootAddress)
                || !memory.TryReadUInt32(lsdaAddress + 5, out uint funcletOffset)
                || funcletOffset > functionStart)
                return false;
            methodStart = functionStart - funcletOffset;
        }
        if (!memory.TryReadByte(rootAddress, out byte rootFlags) || (rootFlags & KindMask) != (byte)FunctionKind.Root)
            return false;

        ulong field = rootAddress + 1;
        ulong associatedData = 0;
        ulong ehInfo = 0;
        if ((rootFlags & HasAssociatedDataFlag) != 0)
        {
            if (!memory.TryReadRelativePointer(field, out associatedData))
                return false;
            field += 4;
        }
        if ((rootFlags & HasEHInfoFlag) != 0)
        {
            if (!memory.TryReadRelativePointer(field, out ehInfo))
                return false;
            field += 4;
        }
        block = new UnwindBlock
        {
            Address = lsdaAddress,
            RootAddress = rootAddress,
            Flags = flags,
            RootFlags = rootFlags,
            MethodStart = methodStart,
            EHInfoAddress = ehInfo,
            AssociatedDataAddress = associatedData,
            GCInfoAddress = field,
        };
        return true;
    }
}
