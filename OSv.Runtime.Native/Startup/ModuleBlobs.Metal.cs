// The module's read-only blobs and code targets, as the type loader and reflection execution
// (System.Private.TypeLoader, System.Private.Reflection.Execution) ask for them:
// - RhFindBlob: blob n of a module is its ReadyToRun section ReadonlyBlobRegionStart + n (the
//   reflection metadata, the native layout info, the generic and GVM hashtables). ilc emits them
//   as ordinary rows of the module header, so the lookup is the same as RhpGetModuleSection's.
// - RhGetCodeTarget: what a code pointer really calls. ilc's unboxing stubs on x64 are exactly
//   "add rdi, 8; jmp rel32" (48 83 c7 08 e9 <rel32>): the target is the jump's. A static image
//   has no import stubs ("jmp [rip+x]" through an import cell), so anything else is its own
//   target. NativeAOT's runtime only decodes inside registered unboxing-stub regions; we have no
//   such registration, and no method ilc compiles starts with that byte sequence (methods begin
//   with their prolog), so decoding by the pattern alone is the same answer.
using System.Runtime;

namespace OSv.Runtime.Native.Startup
{
    internal static unsafe class ModuleBlobs
    {
        // ReadyToRunSectionType.ReadonlyBlobRegionStart/End (ilc 10.0.12).
        public const int ReadonlyBlobRegionStart = 300;
        public const int ReadonlyBlobRegionEnd = 399;

        [RuntimeExport("RhFindBlob")]
        internal static byte FindBlob(TypeManagerRecord** handle, uint blobId, byte** blob, uint* lengthBytes)
        {
            *blob = null;
            *lengthBytes = 0;
            if (blobId > ReadonlyBlobRegionEnd - ReadonlyBlobRegionStart)
                return 0;
            int length;
            void* start = ModuleHeader.FindSection((byte*)(*handle)->Header, ReadonlyBlobRegionStart + (int)blobId, out length);
            *blob = (byte*)start;
            *lengthBytes = (uint)length;
            return start != null ? (byte)1 : (byte)0;
        }

        [RuntimeExport("RhGetCodeTarget")]
        internal static byte* GetCodeTarget(byte* code) => UnboxingStub.TargetOf(code);
    }
}
