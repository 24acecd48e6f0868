// The one buffer a function such as strerror or strsignal formats a non-fixed text into and
// returns to C ("Unknown error 134"). Allocated on first use from CellMemory and kept forever, so
// the returned pointer never dangles; its contents change with the next call (C allows that:
// C11 7.24.6.2, POSIX strsignal).
namespace OSv.Libc.String
{
    public static unsafe class SharedTextBuffer
    {
        /// <summary>Room for the longest such text ("Real-time signal -2147483648") and a NUL.</summary>
        public const int Bytes = 48;

        /// <summary>The buffer published in <paramref name="slot"/>, allocated on first use.</summary>
        public static byte* Get(ref nint slot)
        {
            // Ordered load (acquire): pairs with the CAS that published the buffer.
            byte* buffer = (byte*)System.Threading.Volatile.Read(ref slot);
            if (buffer != null)
                return buffer;
            buffer = OSv.Libc.Memory.CellMemory.AllocateZeroed(Bytes);
            // Two first callers at once: one buffer wins, the other's bytes leak (once).
            nint previous = System.Threading.Interlocked.CompareExchange(ref slot, (nint)buffer, 0);
            return previous != 0 ? (byte*)previous : buffer;
        }
    }
}
