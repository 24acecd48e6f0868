// EH clauses decoded from ilc's tables, checked against the fixture's code itself: each try range
// contains the call it protects (found by its E8 rel32 to Thrower), each handler and filter is the
// start of a funclet of the same method with the matching kind, each catch type is the symbol of
// the MethodTable the C# names; and across every method of the fixture (CoreLib's included) the
// same structural facts hold.
using System.Linq;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class EHClauseTests
{
    private const string InvalidOperationExceptionType = "_ZTV44S_P_CoreLib_System_InvalidOperationException";
    private const string ArgumentExceptionType = "_ZTV36S_P_CoreLib_System_ArgumentException";
    private const string ExceptionType = "_ZTV28S_P_CoreLib_System_Exception";

    [Fact]
    public void Clauses_CatchByType_OneTypedClauseAroundTheCall()
    {
        EHClause clause = Assert.Single(Clauses("CatchByType"));
        Assert.Equal(EHClauseKind.Typed, clause.Kind);
        Assert.True(clause.ContainsCodeOffset(ThrowerCallOffsets("CatchByType")[0]));
        Assert.Equal(FixtureView.MethodTable(InvalidOperationExceptionType), clause.TargetType);
        Assert.Equal(HandlerFunclets("CatchByType")[0], clause.HandlerAddress);
    }

    [Fact]
    public void Clauses_CatchWithFilter_FilterAndHandlerAreTheirFunclets()
    {
        EHClause clause = Assert.Single(Clauses("CatchWithFilter"));
        Assert.Equal(EHClauseKind.Filter, clause.Kind);
        Assert.True(clause.ContainsCodeOffset(ThrowerCallOffsets("CatchWithFilter")[0]));
        MethodInfo[] functions = FixtureView.Functions("CatchWithFilter");
        Assert.Equal(functions.Single(f => f.IsFilter).FunctionStart, clause.FilterAddress);
        Assert.Equal(functions.Single(f => f.IsFunclet && !f.IsFilter).FunctionStart, clause.HandlerAddress);
        Assert.Equal(0UL, clause.TargetType);
    }

    [Fact]
    public void Clauses_Finally_IsFaultClauseWithItsFunclet()
    {
        EHClause clause = Assert.Single(Clauses("FinallyRuns"));
        Assert.Equal(EHClauseKind.Fault, clause.Kind); // ilc encodes finally as fault
        Assert.True(clause.ContainsCodeOffset(ThrowerCallOffsets("FinallyRuns")[0]));
        Assert.Equal(HandlerFunclets("FinallyRuns")[0], clause.HandlerAddress);
    }

    [Fact]
    public void Clauses_NestedTryInCatch_InnermostFirst()
    {
        EHClause[] clauses = Clauses("NestedTryInCatch");
        Assert.Equal(3, clauses.Length);
        uint[] calls = ThrowerCallOffsets("NestedTryInCatch"); // [0] in the body, [1] in the catch funclet
        Assert.Equal(2, calls.Length);

        Assert.Equal(EHClauseKind.Typed, clauses[0].Kind);
        Assert.Equal(FixtureView.MethodTable(ArgumentExceptionType), clauses[0].TargetType);
        Assert.True(clauses[0].ContainsCodeOffset(calls[1]));
        Assert.False(clauses[0].ContainsCodeOffset(calls[0]));

        Assert.Equal(EHClauseKind.Typed, clauses[1].Kind);
        Assert.Equal(FixtureView.MethodTable(InvalidOperationExceptionType), clauses[1].TargetType);
        Assert.True(clauses[1].ContainsCodeOffset(calls[0]));

        Assert.Equal(EHClauseKind.Fault, clauses[2].Kind);
        Assert.True(clauses[2].ContainsCodeOffset(calls[0]));
        Assert.Equal(HandlerFunclets("NestedTryInCatch").Order(), clauses.Select(c => c.HandlerAddress).Order());
    }

    [Fact]
    public void Clauses_CatchException_TargetsSystemException()
    {
        EHClause clause = Assert.Single(Clauses("Rethrows"));
        Assert.Equal(FixtureView.MethodTable(ExceptionType), clause.TargetType);
    }

    [Theory]
    [InlineData("Thrower")]
    [InlineData("ManyLiveValues")]
    public void Clauses_MethodWithoutTry_HasNoEHInfo(string shape)
    {
        Assert.True(FixtureView.Map.TryFindMethod(FixtureView.MethodStart(shape), out MethodInfo method));
        Assert.False(method.Block.HasEHInfo);
        Assert.False(EHClauseEnumerator.TryCreate(FixtureView.Memory, method.Block, out _));
    }

    [Fact]
    public void Clauses_EveryMethodOfFixture_HandlersAreFuncletsOfSameMethod()
    {
        var code = FixtureView.Elf.Section("__managedcode");
        var data = (Low: FixtureView.Elf.ImageBase, High: FixtureView.Elf.ImageBase + (ulong)FixtureView.Elf.Image.Length);
        CodeMap map = FixtureView.Map;
        int clausesChecked = 0;
        foreach (var symbol in FixtureView.Elf.Symbols.Values.Where(s => s.Address >= code.Address && s.Address < code.Address + code.Size).Distinct())
        {
            if (!map.TryFindMethod(symbol.Address, out MethodInfo method) || !method.Block.HasEHInfo || method.MethodStart != symbol.Address)
                continue;
            Assert.True(EHClauseEnumerator.TryCreate(map.Image, method.Block, out EHClauseEnumerator clauses));
            while (clauses.TryMoveNext(map.Image, out EHClause clause))
            {
                AssertIsFunclet(map, method, clause.HandlerAddress, FunctionKind.Handler);
                if (clause.Kind == EHClauseKind.Filter)
                    AssertIsFunclet(map, method, clause.FilterAddress, FunctionKind.Filter);
                if (clause.Kind == EHClauseKind.Typed)
                    Assert.InRange(clause.TargetType, data.Low, data.High - 1);
                Assert.True(clause.TryEndOffset > clause.TryStartOffset);
                clausesChecked++;
            }
            Assert.Equal(clauses.ClauseCount, clauses.ClauseIndex);
        }
        Assert.True(clausesChecked > 100, $"only {clausesChecked} clauses in the fixture");
    }

    private static void AssertIsFunclet(CodeMap map, in MethodInfo method, ulong address, FunctionKind kind)
    {
        Assert.True(map.TryFindMethod(address, out MethodInfo funclet), $"no funclet at {address:x}");
        Assert.Equal(address, funclet.FunctionStart);
        Assert.Equal(kind, funclet.Block.Kind);
        Assert.Equal(method.MethodStart, funclet.MethodStart);
    }

    private static EHClause[] Clauses(string shape)
    {
        CodeMap map = FixtureView.Map;
        Assert.True(map.TryFindMethod(FixtureView.MethodStart(shape), out MethodInfo method));
        Assert.True(EHClauseEnumerator.TryCreate(map.Image, method.Block, out EHClauseEnumerator enumerator));
        var clauses = new System.Collections.Generic.List<EHClause>();
        while (enumerator.TryMoveNext(map.Image, out EHClause clause))
            clauses.Add(clause);
        Assert.Equal((int)enumerator.ClauseCount, clauses.Count);
        return clauses.ToArray();
    }

    /// <summary>Code offsets (from the method start) of the call instructions to Thrower — the
    /// return address minus one, as the dispatcher looks a frame's clauses up.</summary>
    private static uint[] ThrowerCallOffsets(string shape)
    {
        var symbol = FixtureView.Elf.Symbol(FixtureView.ShapePrefix + shape);
        return FixtureView.ReturnAddressesOfCallsTo(symbol.Address, symbol.Address + symbol.Size, FixtureView.MethodStart("Thrower"))
            .Select(r => (uint)(r - 1 - symbol.Address)).ToArray();
    }

    private static ulong[] HandlerFunclets(string shape) =>
        FixtureView.Functions(shape).Where(f => f.IsFunclet && !f.IsFilter).Select(f => f.FunctionStart).ToArray();
}
