// Memory copy and fill primitives that ilc calls for struct copies, array copies and span work.
// Byte loops, widened to 8 bytes at a time: simple and correct; the real base library's
// vectorised versions arrive with issue 4.
using System.Runtime.CompilerServices;

namespace System
{
    public static class Buffer
    {
        public static unsafe void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
        {
            if (sourceBytesToCopy > destinationSizeInBytes)
                ThrowHelper.ThrowArgumentOutOfRangeException();
            Memmove(ref *(byte*)destination, ref *(byte*)source, (nuint)sourceBytesToCopy);
        }

        internal static unsafe void Memmove(ref byte destination, ref byte source, nuint length)
        {
            byte* destinationBytes = (byte*)Unsafe.AsPointer(ref destination);
            byte* sourceBytes = (byte*)Unsafe.AsPointer(ref source);
            if (destinationBytes == sourceBytes || length == 0)
                return;
            if (destinationBytes < sourceBytes || destinationBytes >= sourceBytes + length)
            {
                nuint i = 0;
                for (; i + 8 <= length; i += 8)
                    *(ulong*)(destinationBytes + i) = *(ulong*)(sourceBytes + i);
                for (; i < length; i++)
                    destinationBytes[i] = sourceBytes[i];
            }
            else
            {
                // Overlapping with the destination above the source: copy from the end.
                nuint i = length;
                for (; i >= 8; i -= 8)
                    *(ulong*)(destinationBytes + i - 8) = *(ulong*)(sourceBytes + i - 8);
                for (; i > 0; i--)
                    destinationBytes[i - 1] = sourceBytes[i - 1];
            }
        }

        // ilc calls this for copies of structs that contain references. Without a moving or
        // concurrent collector there is no barrier to run, so it is a plain move.
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount) =>
            Memmove(ref destination, ref source, byteCount);
    }

    internal static class SpanHelpers
    {
        public static void Memmove(ref byte destination, ref byte source, nuint length) =>
            Buffer.Memmove(ref destination, ref source, length);

        public static unsafe void ClearWithoutReferences(ref byte destination, nuint length) =>
            Fill(ref destination, length, 0);

        public static unsafe void Fill(ref byte destination, nuint length, byte value)
        {
            byte* bytes = (byte*)Unsafe.AsPointer(ref destination);
            ulong pattern = value * 0x0101010101010101UL;
            nuint i = 0;
            for (; i + 8 <= length; i += 8)
                *(ulong*)(bytes + i) = pattern;
            for (; i < length; i++)
                bytes[i] = value;
        }

        public static void ClearWithReferences(ref nint destination, nuint pointerCount)
        {
            for (nuint i = 0; i < pointerCount; i++)
                Unsafe.Add(ref destination, (nint)i) = 0;
        }
    }
}
