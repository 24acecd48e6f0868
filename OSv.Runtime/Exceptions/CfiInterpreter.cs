// Runs an FDE's call-frame instructions (DWARF 5 §6.4.2) up to a code address and yields the
// UnwindRules row in effect there.
//
// Algorithm: start from the CIE's initial instructions (that row is also what DW_CFA_restore
// returns to), then execute the FDE's instructions, stopping before the first advance that would
// move the location past pc: a row applies from its location up to the next row's. Every loop is
// bounded by the instruction stream's end, which the cursor enforces.
//
// Departures: DW_CFA_remember_state/restore_state and the expression forms are rejected (ilc's
// RyuJIT-derived CFI never emits them; an image's hand-written assembly must not either, or it
// cannot be unwound through); DW_CFA_GNU_args_size is accepted and ignored (x86-64 has no need).
namespace OSv.Runtime.Exceptions;

internal static class CfiInterpreter
{
    private const byte AdvanceLocation = 0x40;   // high two bits, low six = delta
    private const byte OffsetShort = 0x80;       // high two bits, low six = register
    private const byte RestoreShort = 0xc0;      // high two bits, low six = register
    private const byte Nop = 0x00;
    private const byte SetLocation = 0x01;
    private const byte AdvanceLocation1 = 0x02;
    private const byte AdvanceLocation2 = 0x03;
    private const byte AdvanceLocation4 = 0x04;
    private const byte OffsetExtended = 0x05;
    private const byte RestoreExtended = 0x06;
    private const byte UndefinedRule = 0x07;
    private const byte SameValueRule = 0x08;
    private const byte RegisterRuleOp = 0x09;
    private const byte DefineCfa = 0x0c;
    private const byte DefineCfaRegister = 0x0d;
    private const byte DefineCfaOffset = 0x0e;
    private const byte OffsetExtendedSigned = 0x11;
    private const byte DefineCfaSigned = 0x12;
    private const byte DefineCfaOffsetSigned = 0x13;
    private const byte ValueOffset = 0x14;
    private const byte ValueOffsetSigned = 0x15;
    private const byte GnuArgsSize = 0x2e;
    private const byte GnuNegativeOffsetExtended = 0x2f;

    /// <summary>The row for <paramref name="pc"/>, which must lie in the FDE's range.</summary>
    public static bool TryComputeRules(ModuleMemory memory, in FrameDescription frame, ulong pc, out UnwindRules rules)
    {
        rules = default;
        if (!frame.Covers(pc))
            return false;
        var initial = default(UnwindRules);
        ulong ignoredLocation = frame.PcBegin;
        if (!TryExecute(memory, frame, frame.CieInstructionsStart, frame.CieInstructionsEnd, ulong.MaxValue,
                ref ignoredLocation, ref initial, in initial))
            return false;
        rules = initial;
        ulong location = frame.PcBegin;
        return TryExecute(memory, frame, frame.FdeInstructionsStart, frame.FdeInstructionsEnd, pc,
            ref location, ref rules, in initial);
    }

    private static bool TryExecute(ModuleMemory memory, in FrameDescription frame, ulong start, ulong end,
        ulong pc, ref ulong location, ref UnwindRules rules, in UnwindRules initial)
    {
        var cursor = new DwarfCursor(memory, start);
        while (cursor.Address < end && !cursor.Failed)
        {
            byte opcode = cursor.ReadByte();
            ulong advance = 0;
            switch (opcode & 0xc0)
            {
                case AdvanceLocation:
                    advance = (ulong)(opcode & 0x3f);
                    break;
                case OffsetShort:
                    SetRule(ref rules, (ulong)(opcode & 0x3f), RegisterRule.SavedAt((long)cursor.ReadUleb128() * frame.DataAlignment), ref cursor);
                    continue;
                case RestoreShort:
                    Restore(ref rules, in initial, (ulong)(opcode & 0x3f), ref cursor);
                    continue;
                default:
                    if (!TryExecuteExtended(opcode, ref cursor, in frame, ref rules, in initial, ref advance, ref location))
                        return false;
                    break;
            }
            if (advance != 0)
            {
                ulong next = location + advance * frame.CodeAlignment;
                if (next > pc)
                    return !cursor.Failed; // the current row is the one for pc
                location = next;
            }
        }
        return !cursor.Failed && cursor.Address == end;
    }

    private static bool TryExecuteExtended(byte opcode, ref DwarfCursor cursor, in FrameDescription frame,
        ref UnwindRules rules, in UnwindRules initial, ref ulong advance, ref ulong location)
    {
        switch (opcode)
        {
            case Nop: return true;
            case AdvanceLocation1: advance = cursor.ReadByte(); return true;
            case AdvanceLocation2: advance = cursor.ReadUInt16(); return true;
            case AdvanceLocation4: advance = cursor.ReadUInt32(); return true;
            case SetLocation:
                ulong target = cursor.ReadUInt64();
                if (target < location)
                    return false;
                advance = (target - location + frame.CodeAlignment - 1) / frame.CodeAlignment;
                return frame.CodeAlignment == 1;
            case OffsetExtended:
                return SetRule(ref rules, cursor.ReadUleb128(), RegisterRule.SavedAt((long)cursor.ReadUleb128() * frame.DataAlignment), ref cursor);
            case OffsetExtendedSigned:
                return SetRule(ref rules, cursor.ReadUleb128(), RegisterRule.SavedAt(cursor.ReadSleb128() * frame.DataAlignment), ref cursor);
            case GnuNegativeOffsetExtended:
                return SetRule(ref rules, cursor.ReadUleb128(), RegisterRule.SavedAt(-(long)cursor.ReadUleb128() * frame.DataAlignment), ref cursor);
            case ValueOffset:
                return SetRule(ref rules, cursor.ReadUleb128(), new RegisterRule(RegisterRuleKind.ValueOffset, (long)cursor.ReadUleb128() * frame.DataAlignment), ref cursor);
            case ValueOffsetSigned:
                return SetRule(ref rules, cursor.ReadUleb128(), new RegisterRule(RegisterRuleKind.ValueOffset, cursor.ReadSleb128() * frame.DataAlignment), ref cursor);
            case RestoreExtended:
                return Restore(ref rules, in initial, cursor.ReadUleb128(), ref cursor);
            case UndefinedRule:
                return SetRule(ref rules, cursor.ReadUleb128(), RegisterRule.Undefined, ref cursor);
            case SameValueRule:
                return SetRule(ref rules, cursor.ReadUleb128(), RegisterRule.SameValue, ref cursor);
            case RegisterRuleOp:
                ulong column = cursor.ReadUleb128();
                return SetRule(ref rules, column, new RegisterRule(RegisterRuleKind.Register, (long)cursor.ReadUleb128()), ref cursor);
            case DefineCfa:
                return SetCfa(ref rules, cursor.ReadUleb128(), (long)cursor.ReadUleb128());
            case DefineCfaSigned:
                return SetCfa(ref rules, cursor.ReadUleb128(), cursor.ReadSleb128() * frame.DataAlignment);
            case DefineCfaRegister:
                return SetCfa(ref rules, cursor.ReadUleb128(), rules.CfaOffset);
            case DefineCfaOffset:
                rules.CfaOffset = (long)cursor.ReadUleb128();
                return true;
            case DefineCfaOffsetSigned:
                rules.CfaOffset = cursor.ReadSleb128() * frame.DataAlignment;
                return true;
            case GnuArgsSize:
                cursor.ReadUleb128();
                return true;
            default:
                return false; // remember/restore_state, expressions, vendor opcodes: unsupported
        }
    }

    private static bool SetRule(ref UnwindRules rules, ulong column, RegisterRule rule, ref DwarfCursor cursor)
    {
        if (column >= DwarfRegister.ColumnCount)
        {
            cursor.Fail();
            return false;
        }
        rules[(int)column] = rule;
        return true;
    }

    private static bool Restore(ref UnwindRules rules, in UnwindRules initial, ulong column, ref DwarfCursor cursor)
    {
        RegisterRule initialRule = column < DwarfRegister.ColumnCount ? initial[(int)column] : default;
        return SetRule(ref rules, column, initialRule, ref cursor); // SetRule fails an out-of-range column
    }

    private static bool SetCfa(ref UnwindRules rules, ulong register, long offset)
    {
        if (register >= DwarfRegister.ColumnCount)
            return false;
        rules.CfaRegister = (int)register;
        rules.CfaOffset = offset;
        return true;
    }
}
