// Our copies of the layouts shared with CoreLib's exception dispatch, checked against the pinned
// System.Private.CoreLib itself: its AsmOffsets constants (the numbers CoreLib was
// compiled with) and its explicit-layout types, read with System.Reflection.Metadata.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OSv.Runtime.Exceptions;
using Xunit;

namespace OSv.Runtime.Tests.Exceptions;

public class RuntimeLayoutTests
{
    private static readonly Lazy<Dictionary<string, long>> s_asmOffsets = new(ReadAsmOffsets);

    [Theory]
    [InlineData("SIZEOF__PAL_LIMITED_CONTEXT", RuntimeLayout.PalLimitedContextSize)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__IP", RuntimeLayout.PalLimitedContextIp)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__Rsp", RuntimeLayout.PalLimitedContextRsp)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__Rbp", RuntimeLayout.PalLimitedContextRbp)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__Rax", RuntimeLayout.PalLimitedContextRax)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__Rbx", RuntimeLayout.PalLimitedContextRbx)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__Rdx", RuntimeLayout.PalLimitedContextRdx)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__R12", RuntimeLayout.PalLimitedContextR12)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__R13", RuntimeLayout.PalLimitedContextR13)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__R14", RuntimeLayout.PalLimitedContextR14)]
    [InlineData("OFFSETOF__PAL_LIMITED_CONTEXT__R15", RuntimeLayout.PalLimitedContextR15)]
    [InlineData("SIZEOF__REGDISPLAY", RuntimeLayout.RegDisplaySize)]
    [InlineData("OFFSETOF__REGDISPLAY__SP", RuntimeLayout.RegDisplaySp)]
    [InlineData("OFFSETOF__REGDISPLAY__pRbx", RuntimeLayout.RegDisplayRbx)]
    [InlineData("OFFSETOF__REGDISPLAY__pRbp", RuntimeLayout.RegDisplayRbp)]
    [InlineData("OFFSETOF__REGDISPLAY__pR12", RuntimeLayout.RegDisplayR12)]
    [InlineData("OFFSETOF__REGDISPLAY__pR13", RuntimeLayout.RegDisplayR13)]
    [InlineData("OFFSETOF__REGDISPLAY__pR14", RuntimeLayout.RegDisplayR14)]
    [InlineData("OFFSETOF__REGDISPLAY__pR15", RuntimeLayout.RegDisplayR15)]
    [InlineData("SIZEOF__StackFrameIterator", RuntimeLayout.StackFrameIteratorSize)]
    [InlineData("OFFSETOF__StackFrameIterator__m_FramePointer", RuntimeLayout.StackFrameIteratorFramePointer)]
    [InlineData("OFFSETOF__StackFrameIterator__m_ControlPC", RuntimeLayout.StackFrameIteratorControlPc)]
    [InlineData("OFFSETOF__StackFrameIterator__m_RegDisplay", RuntimeLayout.StackFrameIteratorRegDisplay)]
    [InlineData("OFFSETOF__StackFrameIterator__m_OriginalControlPC", RuntimeLayout.StackFrameIteratorOriginalControlPc)]
    [InlineData("OFFSETOF__StackFrameIterator__m_pPreviousTransitionFrame", RuntimeLayout.StackFrameIteratorPreviousTransitionFrame)]
    [InlineData("SIZEOF__EHEnum", RuntimeLayout.EHEnumSize)]
    [InlineData("SIZEOF__ExInfo", RuntimeLayout.ExInfoSize)]
    [InlineData("OFFSETOF__ExInfo__m_pPrevExInfo", RuntimeLayout.ExInfoPrevious)]
    [InlineData("OFFSETOF__ExInfo__m_pExContext", RuntimeLayout.ExInfoContext)]
    [InlineData("OFFSETOF__ExInfo__m_exception", RuntimeLayout.ExInfoException)]
    [InlineData("OFFSETOF__ExInfo__m_kind", RuntimeLayout.ExInfoKind)]
    [InlineData("OFFSETOF__ExInfo__m_passNumber", RuntimeLayout.ExInfoPassNumber)]
    [InlineData("OFFSETOF__ExInfo__m_idxCurClause", RuntimeLayout.ExInfoCurrentClause)]
    [InlineData("OFFSETOF__ExInfo__m_frameIter", RuntimeLayout.ExInfoFrameIterator)]
    [InlineData("OFFSETOF__ExInfo__m_notifyDebuggerSP", RuntimeLayout.ExInfoNotifyDebuggerSp)]
    public void AsmOffset_MatchesPinnedCoreLib(string name, int ours)
    {
        Assert.True(s_asmOffsets.Value.TryGetValue(name, out long coreLib), $"CoreLib has no AsmOffsets.{name}");
        Assert.Equal(coreLib, ours);
    }

    [Fact]
    public void Structs_HaveTheSizesCoreLibReserves()
    {
        Assert.Equal(RuntimeLayout.PalLimitedContextSize, Unsafe.SizeOf<PalLimitedContext>());
        Assert.Equal(RuntimeLayout.RegDisplaySize, Unsafe.SizeOf<RegDisplay>());
        Assert.Equal(RuntimeLayout.StackFrameIteratorSize, Unsafe.SizeOf<StackFrameIteratorState>());
        Assert.Equal(RuntimeLayout.EHClauseSize, Unsafe.SizeOf<RuntimeEHClause>());
        Assert.Equal(32, Unsafe.SizeOf<MethodRegionInfo>());
        Assert.True(Unsafe.SizeOf<EHClauseEnumerator>() <= RuntimeLayout.EHEnumSize, "EH enumerator state exceeds CoreLib's EHEnum");
    }

    [Fact]
    public void StackFrameIterator_PrivateStateStaysInTheNativeOnlyRange()
    {
        int privateStart = (int)Marshal.OffsetOf<StackFrameIteratorState>(nameof(StackFrameIteratorState.MethodStart));
        int privateEnd = (int)Marshal.OffsetOf<StackFrameIteratorState>(nameof(StackFrameIteratorState.Flags)) + sizeof(uint);
        Assert.True(privateStart >= RuntimeLayout.StackFrameIteratorRegDisplay + RuntimeLayout.RegDisplaySize);
        Assert.True(privateEnd <= RuntimeLayout.StackFrameIteratorOriginalControlPc);
    }

    [Fact]
    public void EHClause_FieldOrderMatchesCoreLibsRhEHClause()
    {
        using var pe = new PEReader(File.OpenRead(CoreLibPath));
        MetadataReader metadata = pe.GetMetadataReader();
        TypeDefinition clause = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Name) == "RhEHClause");
        string[] fields = clause.GetFields().Select(f => metadata.GetString(metadata.GetFieldDefinition(f).Name)).ToArray();
        Assert.Equal(new[] { "_clauseKind", "_tryStartOffset", "_tryEndOffset", "_filterAddress", "_handlerAddress", "_pTargetType" }, fields);
        Assert.Equal(16, (int)Marshal.OffsetOf<RuntimeEHClause>(nameof(RuntimeEHClause.FilterAddress)));
        Assert.Equal(24, (int)Marshal.OffsetOf<RuntimeEHClause>(nameof(RuntimeEHClause.HandlerAddress)));
        Assert.Equal(32, (int)Marshal.OffsetOf<RuntimeEHClause>(nameof(RuntimeEHClause.TargetType)));
    }

    internal static string CoreLibPath
    {
        get
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(packages, "microsoft.netcore.app.runtime.nativeaot.linux-x64", "10.0.12",
                "runtimes", "linux-x64", "native", "System.Private.CoreLib.dll");
        }
    }

    private static Dictionary<string, long> ReadAsmOffsets()
    {
        using var pe = new PEReader(File.OpenRead(CoreLibPath));
        MetadataReader metadata = pe.GetMetadataReader();
        TypeDefinition asmOffsets = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition)
            .Single(t => metadata.GetString(t.Name) == "AsmOffsets"); // global namespace in 10.0.12
        var constants = new Dictionary<string, long>();
        foreach (FieldDefinitionHandle handle in asmOffsets.GetFields())
        {
            FieldDefinition field = metadata.GetFieldDefinition(handle);
            if ((field.Attributes & FieldAttributes.Literal) == 0)
                continue;
            Constant constant = metadata.GetConstant(field.GetDefaultValue());
            BlobReader value = metadata.GetBlobReader(constant.Value);
            constants[metadata.GetString(field.Name)] = constant.TypeCode switch
            {
                ConstantTypeCode.Int32 => value.ReadInt32(),
                ConstantTypeCode.Int64 => value.ReadInt64(),
                _ => throw new InvalidDataException("unexpected constant type " + constant.TypeCode),
            };
        }
        return constants;
    }
}
