// Enumerates a method's EH clauses from ilc's EH info (the block UnwindBlock.EHInfoAddress names;
// format read by UnixNativeCodeManager::EHEnumNext, written by ilc's EH info node):
//
//   VarInt clauseCount, then per clause:
//     VarInt tryStartOffset
//     VarInt (tryLength << 2) | kind          kind: 0 typed catch, 1 fault (ilc also encodes
//                                              finally as fault), 2 filter, 3 unused
//     typed:  VarInt handlerOffset, int32 self-relative pointer to the catch type's MethodTable
//     fault:  VarInt handlerOffset
//     filter: VarInt handlerOffset, VarInt filterOffset
//
// Offsets are from the root method's start. Clauses come innermost first, in the order the
// dispatcher must try them (ECMA-335 II.19). The enumerator is a small struct so it fits the
// 32 bytes CoreLib reserves for the runtime's EHEnum (AsmOffsets.SIZEOF__EHEnum); it allocates
// nothing and rejects a count or kind that cannot be right.
namespace OSv.Runtime.Exceptions;

internal enum EHClauseKind : uint
{
    Typed = 0,
    Fault = 1,
    Filter = 2,
}

internal readonly record struct EHClause(
    EHClauseKind Kind,
    uint TryStartOffset,
    uint TryEndOffset,
    ulong HandlerAddress,
    ulong FilterAddress,
    ulong TargetType)
{
    public bool ContainsCodeOffset(uint codeOffset) => codeOffset >= TryStartOffset && codeOffset < TryEndOffset;
}

internal struct EHClauseEnumerator
{
    /// <summary>No method has more: ilc's clause table per method is bounded by the IL's (a
    /// 16-bit count in the small EH header form; fat sections are rarer still).</summary>
    public const uint ClauseCountMax = 1 << 16;

    public ulong MethodStart;
    public ulong Cursor;
    public uint ClauseIndex;
    public uint ClauseCount;

    public static bool TryCreate(ModuleMemory memory, in UnwindBlock block, out EHClauseEnumerator enumerator)
    {
        enumerator = default;
        if (!block.HasEHInfo)
            return false;
        var cursor = new DwarfCursor(memory, block.EHInfoAddress);
        uint count = cursor.ReadNativeUnsigned();
        if (cursor.Failed || count > ClauseCountMax)
            return false;
        enumerator = new EHClauseEnumerator
        {
            MethodStart = block.MethodStart,
            Cursor = cursor.Address,
            ClauseIndex = 0,
            ClauseCount = count,
        };
        return true;
    }

    /// <summary>The next clause; false at the end or on a malformed table (then the
    /// enumerator stays at its end).</summary>
    public bool TryMoveNext(ModuleMemory memory, out EHClause clause)
    {
        clause = default;
        if (ClauseIndex >= ClauseCount)
            return false;
        var cursor = new DwarfCursor(memory, Cursor);
        uint tryStart = cursor.ReadNativeUnsigned();
        uint lengthAndKind = cursor.ReadNativeUnsigned();
        var kind = (EHClauseKind)(lengthAndKind & 0x3);
        uint tryEnd = tryStart + (lengthAndKind >> 2);
        ulong handler = MethodStart + cursor.ReadNativeUnsigned();
        ulong filter = 0;
        ulong targetType = 0;
        switch (kind)
        {
            case EHClauseKind.Typed:
                ulong field = cursor.Address;
                targetType = field + (ulong)(long)cursor.ReadInt32();
                break;
            case EHClauseKind.Filter:
                filter = MethodStart + cursor.ReadNativeUnsigned();
                break;
            case EHClauseKind.Fault:
                break;
            default:
                cursor.Fail();
                break;
        }
        if (cursor.Failed || tryEnd < tryStart)
        {
            ClauseIndex = ClauseCount;
            return false;
        }
        Cursor = cursor.Address;
        ClauseIndex++;
        clause = new EHClause(kind, tryStart, tryEnd, handler, filter, targetType);
        return true;
    }
}
