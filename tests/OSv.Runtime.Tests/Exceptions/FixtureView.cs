// Test helper: the fixture's loaded image as the runtime would see it — a ModuleMemory over all
// its segments and a CodeMap over ilc's __managedcode with the linker's .eh_frame_hdr.
using System;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

internal static class FixtureView
{
    public const string ShapePrefix = "EhFixture_EhShapes__";

    public static ElfFile Elf => EhFixtureBuild.Fixture;

    public static ModuleMemory Memory => new(Elf.Image, Elf.ImageBase);

    public static CodeMap Map
    {
        get
        {
            var code = Elf.Section("__managedcode");
            var header = Elf.Section(".eh_frame_hdr");
            Assert.True(CodeMap.TryCreate(Memory, header.Address, code.Address, code.Address + code.Size, out CodeMap map));
            return map;
        }
    }

    public static ulong MethodStart(string shape) => Elf.Symbol(ShapePrefix + shape).Address;

    public static ulong MethodTable(string mangledTypeName) => Elf.Symbol(mangledTypeName).Address;

    /// <summary>Return addresses of the direct calls (E8 rel32) from [start, end) to
    /// <paramref name="target"/>: the instruction after each call.</summary>
    public static ulong[] ReturnAddressesOfCallsTo(ulong start, ulong end, ulong target)
    {
        var found = new System.Collections.Generic.List<ulong>();
        ReadOnlySpan<byte> code = Elf.Image.AsSpan((int)(start - Elf.ImageBase), (int)(end - start));
        for (int i = 0; i + 5 <= code.Length; i++)
        {
            if (code[i] != 0xe8)
                continue;
            ulong next = start + (ulong)i + 5;
            if (next + (ulong)(long)BitConverter.ToInt32(code.Slice(i + 1, 4)) == target)
                found.Add(next);
        }
        return found.ToArray();
    }

    /// <summary>The method's code ranges: the root body and each funclet, from the code map.</summary>
    public static MethodInfo[] Functions(string shape)
    {
        var symbol = Elf.Symbol(ShapePrefix + shape);
        var functions = new System.Collections.Generic.List<MethodInfo>();
        CodeMap map = Map;
        ulong pc = symbol.Address;
        while (pc < symbol.Address + symbol.Size)
        {
            if (map.TryFindMethod(pc, out MethodInfo method))
            {
                functions.Add(method);
                pc = method.Frame.PcEnd;
            }
            else
            {
                pc++; // alignment padding between a method's last funclet and the next method
            }
        }
        return functions.ToArray();
    }
}
