// Code targets, as the type loader and reflection execution (System.Private.TypeLoader,
// System.Private.Reflection.Execution) ask for them (their blobs: RhFindBlob in TypeManagers):
// - RhGetCodeTarget: what a code pointer really calls. ilc's unboxing stubs on x64 are exactly
//   "add rdi, 8; jmp rel32" (48 83 c7 08 e9 <rel32>): the target is the jump's. A static image
//   has no import stubs ("jmp [rip+x]" through an import cell), so anything else is its own
//   target. NativeAOT's runtime only decodes inside registered unboxing-stub regions; we have no
//   such registration, and no method ilc compiles starts with that byte sequence (methods begin
//   with their prolog), so decoding by the pattern alone is the same answer.
using System.Runtime;

namespace OSv.Runtime.Startup
{
    internal static unsafe class CodeTargets
    {
        [RuntimeExport("RhGetCodeTarget")]
        internal static byte* GetCodeTarget(byte* code) => UnboxingStub.TargetOf(code);
    }
}
