// Code address → managed method, for one module: the runtime's answer to "which method is this
// return address in, is it a funclet, where is its EH info" (RhFindMethodStartAddress, the stack
// frame iterator, EH clause enumeration). UnixNativeCodeManager::FindMethodInfo does the same
// with libunwind's FindProcInfo over the module's .eh_frame_hdr.
//
// Steps: reject addresses outside the module's managed code range (ilc's __managedcode section:
// other code in the image — assembly stubs, the loader — has no unwind block); find the FDE
// candidate by binary search in .eh_frame_hdr; confirm the FDE covers pc (padding between
// methods has no FDE); decode the unwind block its LSDA names. Everything is read through one
// ModuleMemory view of the loaded image, so the same code runs on a hosted test's copy.
namespace OSv.Runtime.Exceptions;

internal readonly struct MethodInfo
{
    /// <summary>The FDE's code range: the root method's body, or one funclet.</summary>
    public FrameDescription Frame { get; init; }
    public UnwindBlock Block { get; init; }

    public ulong MethodStart => Block.MethodStart;
    public ulong FunctionStart => Frame.PcBegin;
    public bool IsFunclet => Block.IsFunclet;
    public bool IsFilter => Block.IsFilter;
}

internal readonly ref struct CodeMap
{
    private readonly ModuleMemory _image;
    private readonly EhFrameHeader _header;

    private CodeMap(ModuleMemory image, EhFrameHeader header, ulong managedCodeStart, ulong managedCodeEnd)
    {
        _image = image;
        _header = header;
        ManagedCodeStart = managedCodeStart;
        ManagedCodeEnd = managedCodeEnd;
    }

    public ulong ManagedCodeStart { get; }
    public ulong ManagedCodeEnd { get; }
    public ModuleMemory Image => _image;

    public static bool TryCreate(ModuleMemory image, ulong ehFrameHeaderAddress,
        ulong managedCodeStart, ulong managedCodeEnd, out CodeMap map)
    {
        map = default;
        if (managedCodeEnd < managedCodeStart || !EhFrameHeader.TryParse(image, ehFrameHeaderAddress, out EhFrameHeader header))
            return false;
        map = new CodeMap(image, header, managedCodeStart, managedCodeEnd);
        return true;
    }

    public bool IsManagedCode(ulong pc) => pc >= ManagedCodeStart && pc < ManagedCodeEnd;

    public bool TryFindMethod(ulong pc, out MethodInfo method)
    {
        method = default;
        if (!IsManagedCode(pc) || !_header.TryFindFdeCandidate(_image, pc, out ulong fdeAddress))
            return false;
        if (!FrameDescription.TryParse(_image, fdeAddress, out FrameDescription frame) || !frame.Covers(pc) || frame.LsdaAddress == 0)
            return false;
        if (!UnwindBlock.TryDecode(_image, frame.LsdaAddress, frame.PcBegin, out UnwindBlock block))
            return false;
        method = new MethodInfo { Frame = frame, Block = block };
        return true;
    }

    /// <summary>The CFI row for <paramref name="pc"/> inside <paramref name="method"/>.</summary>
    public bool TryGetUnwindRules(in MethodInfo method, ulong pc, out UnwindRules rules) =>
        CfiInterpreter.TryComputeRules(_image, method.Frame, pc, out rules);
}
