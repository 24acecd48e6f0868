// Hardware randomness for the runtime (seeds, hash randomisation, Random.Shared): RDRAND, which
// the CPU reseeds from its own entropy source (Intel SDM vol. 1, 7.3.17). cpu.S retries a
// failing RDRAND as Intel recommends; TryFill is false when the CPU has no RDRAND (CPUID.01H:ECX
// bit 30) or the generator keeps failing, so the caller can fall back or report an error, never
// use unfilled bytes.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Arch.X64;

namespace OSv.Core.Platform
{
    public static unsafe class Entropy
    {
        private const uint FeatureLeaf = 1;
        private const uint RdrandEcxBit = 1u << 30;

        // 0 = not checked yet, 1 = RDRAND present, 2 = absent (a benign race: both write the same).
        private static int s_support;

        // Whether the CPU has RDRAND.
        public static bool IsAvailable
        {
            get
            {
                if (s_support == 0)
                {
                    uint* registers = stackalloc uint[4];
                    Cpu.Cpuid(FeatureLeaf, 0, registers);
                    s_support = (registers[2] & RdrandEcxBit) != 0 ? 1 : 2;
                }
                return s_support == 1;
            }
        }

        // Fills buffer with hardware random bytes; false (buffer partly written) when there is no
        // RDRAND or it failed.
        public static bool TryFill(Span<byte> buffer)
        {
            if (!IsAvailable)
                return false;
            int offset = 0;
            while (offset < buffer.Length)
            {
                ulong value;
                if (ReadRandom64(&value) == 0)
                    return false;
                int count = Math.Min(sizeof(ulong), buffer.Length - offset);
                for (int i = 0; i < count; i++)
                    buffer[offset + i] = (byte)(value >> (8 * i));
                offset += count;
            }
            return true;
        }

        [RuntimeImport("osv_rdrand64"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern int ReadRandom64(ulong* value);
    }
}
