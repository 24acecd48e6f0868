// The register state the unwinder moves from frame to frame, shaped like NativeAOT's REGDISPLAY
// on Unix x64: the stack pointer and instruction pointer as values, and each callee-saved
// register (rbx, rbp, r12–r15: the only ones that survive a call in the System V ABI, so the only
// ones a caller's frame can still need) as the *address* where its current value is stored.
//
// Locations rather than values because that is the contract the managed dispatcher relies on:
// funclets and the catch resume must see, and may update, the very stack slots the frames saved
// them in. A location of 0 means "unknown" (never saved and never given): reading it fails.
namespace OSv.Runtime.Exceptions;

internal struct RegisterSet
{
    public ulong InstructionPointer;
    public ulong StackPointer;
    public ulong RbxLocation;
    public ulong RbpLocation;
    public ulong R12Location;
    public ulong R13Location;
    public ulong R14Location;
    public ulong R15Location;

    /// <summary>The location of DWARF column <paramref name="column"/>, or false for a column
    /// that is not callee-saved (its value does not survive into the caller).</summary>
    public readonly bool TryGetLocation(int column, out ulong location)
    {
        location = column switch
        {
            DwarfRegister.Rbx => RbxLocation,
            DwarfRegister.Rbp => RbpLocation,
            DwarfRegister.R12 => R12Location,
            DwarfRegister.R13 => R13Location,
            DwarfRegister.R14 => R14Location,
            DwarfRegister.R15 => R15Location,
            _ => 0,
        };
        return location != 0;
    }

    public void SetLocation(int column, ulong location)
    {
        switch (column)
        {
            case DwarfRegister.Rbx: RbxLocation = location; break;
            case DwarfRegister.Rbp: RbpLocation = location; break;
            case DwarfRegister.R12: R12Location = location; break;
            case DwarfRegister.R13: R13Location = location; break;
            case DwarfRegister.R14: R14Location = location; break;
            case DwarfRegister.R15: R15Location = location; break;
        }
    }
}
