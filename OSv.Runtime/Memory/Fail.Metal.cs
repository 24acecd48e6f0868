// Stops the machine from inside the runtime, where throwing is not possible (no exception
// dispatch yet, or the allocator itself failed): a panic naming the reason, through OSv.Core.
using OSv.Core.Arch.X64;

namespace OSv.Runtime.Memory
{
    internal static unsafe class Fail
    {
        public static void OutOfMemory(nuint bytes) => Stop("runtime: out of memory for an object"u8);

        public static void Stop(System.ReadOnlySpan<byte> message)
        {
            fixed (byte* text = message)
                Cpu.PanicHere(text, message.Length);
        }
    }
}
