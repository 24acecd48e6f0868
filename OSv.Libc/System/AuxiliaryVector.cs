// getauxval (glibc <sys/auxv.h>): the auxiliary vector the program start hands the program
// (pairs of unsigned longs: type, value; ended by AT_NULL). The lead's program start builds that
// vector (AT_PAGESZ, AT_RANDOM, AT_PHDR...) and calls Install with it; until then, or for a type
// it does not hold, getauxval returns 0 with ENOENT, as glibc does for a missing type.
namespace OSv.Libc.Posix
{
    public static unsafe class AuxiliaryVector
    {
        public const ulong EndOfVector = 0; // AT_NULL
        public const int EntriesMax = 64;   // a vector longer than this is cut (Linux builds ~20)

        private static ulong* s_vector;

        /// <summary>Uses <paramref name="vector"/> (must live as long as the program).</summary>
        public static void Install(ulong* vector) => s_vector = vector;

        /// <summary>The value of entry <paramref name="type"/>; false when absent.</summary>
        public static bool TryGet(ulong type, out ulong value)
        {
            value = 0;
            ulong* vector = s_vector;
            if (vector == null || type == EndOfVector)
                return false;
            for (int i = 0; i < EntriesMax && vector[2 * i] != EndOfVector; i++)
            {
                if (vector[2 * i] == type)
                {
                    value = vector[2 * i + 1];
                    return true;
                }
            }
            return false;
        }
    }
}
