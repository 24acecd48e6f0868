// The CFI row our interpreter computes, compared with binutils' own interpretation of the same
// .eh_frame (readelf --debug-dump=frames-interp) for every row of every FDE in ilc's managed
// code: CFA rule and the save slot of rbx, rbp, r12–r15 and the return address, at the first and
// the last address each row covers.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class CfiRulesTests
{
    private static readonly Dictionary<string, int> s_columns = new()
    {
        ["rbx"] = DwarfRegister.Rbx, ["rbp"] = DwarfRegister.Rbp, ["r12"] = DwarfRegister.R12,
        ["r13"] = DwarfRegister.R13, ["r14"] = DwarfRegister.R14, ["r15"] = DwarfRegister.R15,
        ["ra"] = DwarfRegister.ReturnAddress,
    };

    private static readonly int[] s_checkedColumns = s_columns.Values.ToArray();

    [Fact]
    public void ComputeRules_EveryRowOfManagedCode_MatchesReadelf()
    {
        CodeMap map = FixtureView.Map;
        var code = FixtureView.Elf.Section("__managedcode");
        List<ReadelfFde> fdes = ReadelfFde.ParseAll(EhFixtureBuild.Run("readelf", "--debug-dump=frames-interp", EhFixtureBuild.SharedObjectPath))
            .Where(f => f.PcBegin >= code.Address && f.PcBegin < code.Address + code.Size).ToList();
        Assert.True(fdes.Count > 1000, $"only {fdes.Count} managed FDEs");
        int rowsChecked = 0;
        foreach (ReadelfFde fde in fdes)
        {
            for (int i = 0; i < fde.Rows.Count; i++)
            {
                ulong rowEnd = i + 1 < fde.Rows.Count ? fde.Rows[i + 1].Location : fde.PcEnd;
                foreach (ulong pc in new[] { fde.Rows[i].Location, rowEnd - 1 })
                {
                    Assert.True(map.TryFindMethod(pc, out MethodInfo method), $"no method at {pc:x}");
                    Assert.Equal(fde.PcBegin, method.Frame.PcBegin);
                    Assert.True(map.TryGetUnwindRules(method, pc, out UnwindRules rules), $"no rules at {pc:x}");
                    AssertRowMatches(fde.Rows[i], rules, pc);
                    rowsChecked++;
                }
            }
        }
        Assert.True(rowsChecked > 5000, $"only {rowsChecked} rows checked");
    }

    [Fact]
    public void ComputeRules_ManyLiveValuesAtSecondCall_SavesAllCalleeSavedRegisters()
    {
        ulong start = FixtureView.MethodStart("ManyLiveValues");
        ulong[] returns = FixtureView.ReturnAddressesOfCallsTo(start, start + 0x80, FixtureView.MethodStart("Thrower"));
        Assert.Equal(2, returns.Length);
        CodeMap map = FixtureView.Map;
        Assert.True(map.TryFindMethod(returns[1], out MethodInfo method));
        Assert.True(map.TryGetUnwindRules(method, returns[1], out UnwindRules rules));
        Assert.Equal(DwarfRegister.Rsp, rules.CfaRegister);
        Assert.Equal(80, rules.CfaOffset);
        Assert.Equal(RegisterRule.SavedAt(-8), rules[DwarfRegister.ReturnAddress]);
        Assert.Equal(RegisterRule.SavedAt(-16), rules[DwarfRegister.Rbp]);
        Assert.Equal(RegisterRule.SavedAt(-56), rules[DwarfRegister.Rbx]);
    }

    private static void AssertRowMatches(ReadelfRow row, in UnwindRules rules, ulong pc)
    {
        Assert.True(row.CfaRegister == DwarfRegisterName(rules.CfaRegister) && row.CfaOffset == rules.CfaOffset,
            $"{pc:x}: CFA {row.CfaRegister}+{row.CfaOffset} expected, got r{rules.CfaRegister}+{rules.CfaOffset}");
        foreach (int column in s_checkedColumns)
        {
            string expected = row.Registers.TryGetValue(column, out string? text) ? text : "u";
            string actual = rules[column].Kind switch
            {
                RegisterRuleKind.Undefined => "u",
                RegisterRuleKind.Offset => "c" + rules[column].Operand.ToString(CultureInfo.InvariantCulture),
                RegisterRuleKind.SameValue => "s",
                _ => rules[column].ToString(),
            };
            Assert.True(expected == actual, $"{pc:x}: column {column} {expected} expected, got {actual}");
        }
    }

    private static string DwarfRegisterName(int column) => column switch
    {
        DwarfRegister.Rsp => "rsp",
        DwarfRegister.Rbp => "rbp",
        _ => "r" + column,
    };

    private sealed record ReadelfRow(ulong Location, string CfaRegister, long CfaOffset, Dictionary<int, string> Registers);

    private sealed record ReadelfFde(ulong PcBegin, ulong PcEnd, List<ReadelfRow> Rows)
    {
        // "00000408 000000000000001c 0000040c FDE cie=00000000 pc=0000000000031630..000000000003164f"
        // "   LOC           CFA      rbp   ra    "
        // "0000000000031630 rsp+8    u     c-8   "
        public static List<ReadelfFde> ParseAll(string text)
        {
            var fdes = new List<ReadelfFde>();
            string[] header = Array.Empty<string>();
            bool inFde = false;
            foreach (string line in text.Split('\n'))
            {
                string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length >= 4 && words[3] is "FDE" or "CIE")
                {
                    inFde = words[3] == "FDE"; // a CIE's own initial row belongs to no FDE
                    if (!inFde)
                        continue;
                    string[] range = words[5]["pc=".Length..].Split("..");
                    fdes.Add(new ReadelfFde(Hex(range[0]), Hex(range[1]), new List<ReadelfRow>()));
                }
                else if (words.Length >= 2 && words[0] == "LOC")
                {
                    header = words;
                }
                else if (inFde && words.Length == header.Length && words.Length >= 2 && IsHex(words[0]))
                {
                    fdes[^1].Rows.Add(ParseRow(header, words));
                }
            }
            return fdes;
        }

        private static ReadelfRow ParseRow(string[] header, string[] words)
        {
            string cfa = words[1];
            int plus = cfa.IndexOf('+');
            var registers = new Dictionary<int, string>();
            for (int i = 2; i < header.Length; i++)
            {
                if (s_columns.TryGetValue(header[i], out int column))
                    registers[column] = words[i];
            }
            if (plus < 0)
                return new ReadelfRow(Hex(words[0]), cfa, 0, registers); // "exp": a DWARF expression (the PLT's)
            return new ReadelfRow(Hex(words[0]), cfa[..plus], long.Parse(cfa[(plus + 1)..], CultureInfo.InvariantCulture), registers);
        }

        private static bool IsHex(string word) => word.Length == 16 && ulong.TryParse(word, NumberStyles.HexNumber, null, out _);

        private static ulong Hex(string word) => ulong.Parse(word, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
