// The structures CoreLib's managed exception dispatch shares with the runtime, laid out byte for
// byte as the pinned System.Private.CoreLib (10.0.12, linux-x64) expects. CoreLib compiles its
// side from its own AsmOffsets constants; ours are restated here and a test
// (RuntimeLayoutTests) reads CoreLib's AsmOffsets constants from its metadata and
// fails if any differs — so a change of the pin cannot silently shift a field.
//
// Ownership of each structure's bytes:
//   PAL_LIMITED_CONTEXT  — written by our throw entry (exceptions.S), read by RhpSfiInit.
//   REGDISPLAY           — ours; CoreLib reads only SP and passes its address to the funclet calls.
//   StackFrameIterator   — ours, except the fields CoreLib reads by offset (FramePointer,
//                          ControlPC, RegDisplay.SP, OriginalControlPC, PreviousTransitionFrame);
//                          the bytes between RegDisplay and OriginalControlPC hold our walk state.
//   EHEnum               — ours entirely (32 bytes reserved by CoreLib).
//   ExInfo               — CoreLib's; the throw entry fills the fields AsmOffsets names.
using System.Runtime.InteropServices;

namespace OSv.Runtime.Exceptions;

internal static class RuntimeLayout
{
    public const int PalLimitedContextSize = 0x50;
    public const int PalLimitedContextIp = 0x00;
    public const int PalLimitedContextRsp = 0x08;
    public const int PalLimitedContextRbp = 0x10;
    public const int PalLimitedContextRax = 0x18;
    public const int PalLimitedContextRbx = 0x20;
    public const int PalLimitedContextRdx = 0x28;
    public const int PalLimitedContextR12 = 0x30;
    public const int PalLimitedContextR13 = 0x38;
    public const int PalLimitedContextR14 = 0x40;
    public const int PalLimitedContextR15 = 0x48;

    public const int RegDisplaySize = 0x88;
    public const int RegDisplayRbx = 0x18;
    public const int RegDisplayRbp = 0x20;
    public const int RegDisplayR12 = 0x58;
    public const int RegDisplayR13 = 0x60;
    public const int RegDisplayR14 = 0x68;
    public const int RegDisplayR15 = 0x70;
    public const int RegDisplaySp = 0x78;
    public const int RegDisplayIp = 0x80; // not in AsmOffsets: native-only, after SP as in NativeAOT

    public const int StackFrameIteratorSize = 0x168;
    public const int StackFrameIteratorFramePointer = 0x10;
    public const int StackFrameIteratorControlPc = 0x18;
    public const int StackFrameIteratorRegDisplay = 0x20;
    public const int StackFrameIteratorOriginalControlPc = 0x158;
    public const int StackFrameIteratorPreviousTransitionFrame = 0x160;

    public const int EHEnumSize = 0x20;

    public const int ExInfoSize = 0x190;
    public const int ExInfoPrevious = 0x00;
    public const int ExInfoContext = 0x08;
    public const int ExInfoException = 0x10;
    public const int ExInfoKind = 0x18;
    public const int ExInfoPassNumber = 0x19;
    public const int ExInfoCurrentClause = 0x1c;
    public const int ExInfoFrameIterator = 0x20;
    public const int ExInfoNotifyDebuggerSp = 0x188;
    public const byte ExKindSupersededFlag = 0x08;

    /// <summary>CoreLib's RhEHClause (sequential): kind, try start, try end, filter, handler,
    /// target type.</summary>
    public const int EHClauseSize = 40;
}

[StructLayout(LayoutKind.Explicit, Size = RuntimeLayout.PalLimitedContextSize)]
internal struct PalLimitedContext
{
    [FieldOffset(RuntimeLayout.PalLimitedContextIp)] public ulong Ip;
    [FieldOffset(RuntimeLayout.PalLimitedContextRsp)] public ulong Rsp;
    [FieldOffset(RuntimeLayout.PalLimitedContextRbp)] public ulong Rbp;
    [FieldOffset(RuntimeLayout.PalLimitedContextRax)] public ulong Rax;
    [FieldOffset(RuntimeLayout.PalLimitedContextRbx)] public ulong Rbx;
    [FieldOffset(RuntimeLayout.PalLimitedContextRdx)] public ulong Rdx;
    [FieldOffset(RuntimeLayout.PalLimitedContextR12)] public ulong R12;
    [FieldOffset(RuntimeLayout.PalLimitedContextR13)] public ulong R13;
    [FieldOffset(RuntimeLayout.PalLimitedContextR14)] public ulong R14;
    [FieldOffset(RuntimeLayout.PalLimitedContextR15)] public ulong R15;
}

/// <summary>NativeAOT's REGDISPLAY: callee-saved registers by location, SP and IP by value.
/// Locations are addresses (ulong) so the hosted walker can use simulated stacks.</summary>
[StructLayout(LayoutKind.Explicit, Size = RuntimeLayout.RegDisplaySize)]
internal struct RegDisplay
{
    [FieldOffset(RuntimeLayout.RegDisplayRbx)] public ulong RbxLocation;
    [FieldOffset(RuntimeLayout.RegDisplayRbp)] public ulong RbpLocation;
    [FieldOffset(RuntimeLayout.RegDisplayR12)] public ulong R12Location;
    [FieldOffset(RuntimeLayout.RegDisplayR13)] public ulong R13Location;
    [FieldOffset(RuntimeLayout.RegDisplayR14)] public ulong R14Location;
    [FieldOffset(RuntimeLayout.RegDisplayR15)] public ulong R15Location;
    [FieldOffset(RuntimeLayout.RegDisplaySp)] public ulong Sp;
    [FieldOffset(RuntimeLayout.RegDisplayIp)] public ulong Ip;

    public readonly RegisterSet ToRegisterSet() => new()
    {
        InstructionPointer = Ip,
        StackPointer = Sp,
        RbxLocation = RbxLocation,
        RbpLocation = RbpLocation,
        R12Location = R12Location,
        R13Location = R13Location,
        R14Location = R14Location,
        R15Location = R15Location,
    };

    public void Set(in RegisterSet registers)
    {
        Ip = registers.InstructionPointer;
        Sp = registers.StackPointer;
        RbxLocation = registers.RbxLocation;
        RbpLocation = registers.RbpLocation;
        R12Location = registers.R12Location;
        R13Location = registers.R13Location;
        R14Location = registers.R14Location;
        R15Location = registers.R15Location;
    }
}

/// <summary>The runtime's StackFrameIterator. Our private walk state sits in the range CoreLib
/// leaves to the native runtime (0xA8–0x158).</summary>
[StructLayout(LayoutKind.Explicit, Size = RuntimeLayout.StackFrameIteratorSize)]
internal struct StackFrameIteratorState
{
    [FieldOffset(RuntimeLayout.StackFrameIteratorFramePointer)] public ulong FramePointer;
    [FieldOffset(RuntimeLayout.StackFrameIteratorControlPc)] public ulong ControlPc;
    [FieldOffset(RuntimeLayout.StackFrameIteratorRegDisplay)] public RegDisplay Registers;
    [FieldOffset(RuntimeLayout.StackFrameIteratorOriginalControlPc)] public ulong OriginalControlPc;
    [FieldOffset(RuntimeLayout.StackFrameIteratorPreviousTransitionFrame)] public ulong PreviousTransitionFrame;

    // Private (0xA8 onwards): the current frame's method, from the code map.
    [FieldOffset(0xA8)] public ulong MethodStart;
    [FieldOffset(0xB0)] public ulong UnwindBlockAddress;
    [FieldOffset(0xB8)] public uint Flags;
    /// <summary>The next older ExInfo this walk may collide with (NativeAOT's m_pNextExInfo).</summary>
    [FieldOffset(0xC0)] public ulong NextExInfo;
}

[StructLayout(LayoutKind.Explicit, Size = RuntimeLayout.EHClauseSize)]
internal struct RuntimeEHClause
{
    [FieldOffset(0)] public uint Kind;
    [FieldOffset(4)] public uint TryStartOffset;
    [FieldOffset(8)] public uint TryEndOffset;
    [FieldOffset(16)] public ulong FilterAddress;
    [FieldOffset(24)] public ulong HandlerAddress;
    [FieldOffset(32)] public ulong TargetType;
}

/// <summary>CoreLib's EH.MethodRegionInfo: hot start, hot size, cold start, cold size (ilc
/// does not split methods on x64, so the cold part is always empty).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MethodRegionInfo
{
    public ulong HotStartAddress;
    public ulong HotSize;
    public ulong ColdStartAddress;
    public ulong ColdSize;
}
