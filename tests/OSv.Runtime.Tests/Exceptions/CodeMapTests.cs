// Code address → method on real ilc output: every address inside a method (root body or funclet)
// maps to that method's start; funclets are recognised with their kind; padding and addresses
// outside managed code map to nothing.
using System.Linq;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class CodeMapTests
{
    [Theory]
    [InlineData("Thrower")]
    [InlineData("CatchByType")]
    [InlineData("CatchWithFilter")]
    [InlineData("FinallyRuns")]
    [InlineData("NestedTryInCatch")]
    [InlineData("Rethrows")]
    [InlineData("ManyLiveValues")]
    public void FindMethod_EveryAddressOfRootBody_GivesMethodStart(string shape)
    {
        ulong start = FixtureView.MethodStart(shape);
        CodeMap map = FixtureView.Map;
        Assert.True(map.TryFindMethod(start, out MethodInfo root));
        Assert.False(root.IsFunclet);
        Assert.Equal(start, root.FunctionStart);
        for (ulong pc = start; pc < root.Frame.PcEnd; pc++)
        {
            Assert.True(map.TryFindMethod(pc, out MethodInfo method));
            Assert.Equal(start, method.MethodStart);
            Assert.False(method.IsFunclet);
        }
    }

    [Fact]
    public void FindMethod_EveryManagedSymbol_StartMapsToItself()
    {
        var code = FixtureView.Elf.Section("__managedcode");
        CodeMap map = FixtureView.Map;
        var methods = FixtureView.Elf.Symbols.Values
            .Where(s => s.Address >= code.Address && s.Address < code.Address + code.Size && s.Size > 0)
            .Distinct().ToArray();
        Assert.True(methods.Length > 1000, $"only {methods.Length} managed methods in the fixture");
        foreach (var symbol in methods)
        {
            Assert.True(map.TryFindMethod(symbol.Address, out MethodInfo method), $"no method at {symbol.Address:x}");
            Assert.Equal(symbol.Address, method.MethodStart);
            Assert.True(map.TryFindMethod(symbol.Address + symbol.Size - 1, out MethodInfo last) || IsPadding(symbol.Address + symbol.Size - 1),
                $"no method at the end of {symbol.Address:x}");
        }
    }

    [Fact]
    public void FindMethod_CatchFunclet_IsHandlerOfItsMethod()
    {
        MethodInfo[] functions = FixtureView.Functions("CatchByType");
        Assert.Equal(2, functions.Length);
        MethodInfo funclet = functions[1];
        Assert.True(funclet.IsFunclet);
        Assert.Equal(FunctionKind.Handler, funclet.Block.Kind);
        Assert.Equal(FixtureView.MethodStart("CatchByType"), funclet.MethodStart);
        Assert.Equal(functions[0].Block.Address, funclet.Block.RootAddress);
    }

    [Fact]
    public void FindMethod_FilterFunclet_IsFilter()
    {
        MethodInfo[] functions = FixtureView.Functions("CatchWithFilter");
        Assert.Equal(3, functions.Length);
        Assert.Single(functions, f => f.IsFilter);
        Assert.Single(functions, f => f.IsFunclet && !f.IsFilter);
        Assert.All(functions, f => Assert.Equal(FixtureView.MethodStart("CatchWithFilter"), f.MethodStart));
    }

    [Fact]
    public void FindMethod_ReversePInvokeEntry_IsFlagged()
    {
        Assert.True(FixtureView.Map.TryFindMethod(FixtureView.MethodStart("Run"), out MethodInfo run));
        Assert.True(run.Block.IsReversePInvoke);
        Assert.True(FixtureView.Map.TryFindMethod(FixtureView.MethodStart("Thrower"), out MethodInfo thrower));
        Assert.False(thrower.Block.IsReversePInvoke);
    }

    [Fact]
    public void FindMethod_OutsideManagedCode_NotFound()
    {
        CodeMap map = FixtureView.Map;
        Assert.False(map.TryFindMethod(map.ManagedCodeStart - 1, out _));
        Assert.False(map.TryFindMethod(map.ManagedCodeEnd, out _));
        Assert.False(map.TryFindMethod(0, out _));
    }

    [Fact]
    public void FindMethod_PaddingAfterLastFunclet_NotFound()
    {
        MethodInfo[] functions = FixtureView.Functions("CatchByType");
        ulong afterFunclet = functions[^1].Frame.PcEnd;
        Assert.True(afterFunclet < FixtureView.MethodStart("CatchWithFilter"), "the fixture has no padding here");
        Assert.False(FixtureView.Map.TryFindMethod(afterFunclet, out _));
    }

    private static bool IsPadding(ulong pc) => FixtureView.Elf.Image[pc - FixtureView.Elf.ImageBase] is 0x90 or 0xcc;
}
