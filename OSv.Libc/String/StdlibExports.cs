// The stdlib.h functions of this area (C11 7.22): sorting and searching (qsort, qsort_r,
// bsearch), integer arithmetic (abs, labs, llabs, div, ldiv, lldiv) and pseudo-random numbers
// (rand, srand, random, srandom, rand_r), with glibc's results: MergeSort.cs explains why qsort is
// stable, RandomGenerator.cs how the sequences match glibc's.
//
// Struct returns follow the System V x86-64 psABI (§3.2.3): div_t (two ints, 8 bytes) comes back
// in rax, ldiv_t and lldiv_t (two longs, 16 bytes of class INTEGER) in rax:rdx; .NET's unmanaged
// calling convention classifies the sequential structs below the same way.
//
// Bad input never traps: a zero divisor (C: undefined, glibc: SIGFPE) gives { 0, 0 }, and the
// one overflowing division (MIN / -1) gives { MIN, 0 }, where C# would throw.
using System.Runtime.InteropServices;
using OSv.Libc.Memory;

namespace OSv.Libc.String
{
    [StructLayout(LayoutKind.Sequential)]
    public struct IntDivision { public int Quotient; public int Remainder; }

    [StructLayout(LayoutKind.Sequential)]
    public struct LongDivision { public long Quotient; public long Remainder; }

    public static unsafe class StdlibExports
    {
        private static RandomGenerator s_random;
        private static int s_randomLock;

        [UnmanagedCallersOnly]
        public static void qsort(byte* elements, nuint count, nuint size, delegate* unmanaged<void*, void*, int> compare) =>
            MergeSort.Sort(elements, count, size, new SortComparer(compare));

        [UnmanagedCallersOnly]
        public static void qsort_r(byte* elements, nuint count, nuint size, delegate* unmanaged<void*, void*, void*, int> compare, void* argument) =>
            MergeSort.Sort(elements, count, size, new SortComparer(compare, argument));

        /// <summary>bsearch: glibc's halving loop, so that among equal elements it finds the same one.</summary>
        [UnmanagedCallersOnly]
        public static byte* bsearch(byte* key, byte* elements, nuint count, nuint size, delegate* unmanaged<void*, void*, int> compare)
        {
            nuint low = 0, high = count;
            while (low < high)
            {
                nuint middle = (low + high) / 2;
                byte* element = elements + middle * size;
                int order = compare(key, element);
                if (order < 0)
                    high = middle;
                else if (order > 0)
                    low = middle + 1;
                else
                    return element;
            }
            return null;
        }

        // abs(INT_MIN) is INT_MIN, as two's complement negation gives in C.
        [UnmanagedCallersOnly] public static int abs(int value) => value < 0 ? unchecked(-value) : value;
        [UnmanagedCallersOnly] public static long labs(long value) => value < 0 ? unchecked(-value) : value;

        // div computes in 64 bits and narrows: the quotient and remainder of two ints fit an
        // int, except INT_MIN / -1, whose 2^31 narrows back to INT_MIN as before.
        [UnmanagedCallersOnly]
        public static IntDivision div(int numerator, int denominator)
        {
            LongDivision wide = Divide(numerator, denominator);
            IntDivision result = default;
            result.Quotient = unchecked((int)wide.Quotient);
            result.Remainder = unchecked((int)wide.Remainder);
            return result;
        }

        [UnmanagedCallersOnly]
        public static LongDivision ldiv(long numerator, long denominator) => Divide(numerator, denominator);

        private static LongDivision Divide(long numerator, long denominator)
        {
            LongDivision result = default;
            if (denominator == 0)
                return result;
            if (denominator == -1)
            {
                result.Quotient = unchecked(-numerator);
                return result;
            }
            result.Quotient = numerator / denominator;
            result.Remainder = numerator % denominator;
            return result;
        }

        [UnmanagedCallersOnly]
        public static int rand() => NextShared();

        [UnmanagedCallersOnly]
        public static void srand(uint seed)
        {
            SpinYieldLock.Acquire(ref s_randomLock);
            s_random.Seed(seed);
            SpinYieldLock.Release(ref s_randomLock);
        }

        /// <summary>random: the same generator as rand (glibc's rand calls random); C long result.</summary>
        [UnmanagedCallersOnly]
        public static long random() => NextShared();

        private static int NextShared()
        {
            SpinYieldLock.Acquire(ref s_randomLock);
            int value = s_random.Next();
            SpinYieldLock.Release(ref s_randomLock);
            return value;
        }

        [UnmanagedCallersOnly]
        public static int rand_r(uint* seed) => RandomGenerator.NextReentrant(seed);

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("qsort"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, void>)&qsort);
            table.Add("qsort_r"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, void*, int>, void*, void>)&qsort_r);
            table.Add("bsearch"u8, (nint)(delegate* unmanaged<byte*, byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, byte*>)&bsearch);
            table.Add("abs"u8, (nint)(delegate* unmanaged<int, int>)&abs);
            table.Add("labs"u8, (nint)(delegate* unmanaged<long, long>)&labs);
            table.Add("llabs"u8, (nint)(delegate* unmanaged<long, long>)&labs);
            table.Add("div"u8, (nint)(delegate* unmanaged<int, int, IntDivision>)&div);
            table.Add("ldiv"u8, (nint)(delegate* unmanaged<long, long, LongDivision>)&ldiv);
            table.Add("lldiv"u8, (nint)(delegate* unmanaged<long, long, LongDivision>)&ldiv);
            table.Add("rand"u8, (nint)(delegate* unmanaged<int>)&rand);
            table.Add("srand"u8, (nint)(delegate* unmanaged<uint, void>)&srand);
            table.Add("random"u8, (nint)(delegate* unmanaged<long>)&random);
            table.Add("srandom"u8, (nint)(delegate* unmanaged<uint, void>)&srand);
            table.Add("rand_r"u8, (nint)(delegate* unmanaged<uint*, int>)&rand_r);
        }
    }
}
