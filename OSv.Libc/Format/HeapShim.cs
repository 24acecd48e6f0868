// TODO(lead, H4 merge): DELETE THIS FILE and replace `FormatHeapShim.Allocate` in
// FormatExports.cs with `OSv.Libc.Memory.Heap.Allocate` (H4's malloc family). Until then
// vasprintf takes its block from CellMemory, which free() cannot release; the string is correct
// but leaks when the caller frees it.
namespace OSv.Libc.Format
{
    internal static unsafe class FormatHeapShim
    {
        public static byte* Allocate(nuint bytes) => OSv.Libc.Memory.CellMemory.AllocateZeroed(bytes);
    }
}
