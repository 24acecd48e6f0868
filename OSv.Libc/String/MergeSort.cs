// qsort's algorithm: a stable top-down merge sort, because glibc 2.36's qsort (stdlib/msort.c) is
// one, and a program's output must not depend on which C library sorted its ties: a stable sort
// has exactly one result for a given comparator, so ours equals glibc's whenever the comparator
// is a consistent ordering (even if it calls equal elements "equal" that print differently).
//
// Algorithm: sort each half recursively, merge into a scratch buffer taking from the left run on
// ties, copy back. Recursion depth is log2(n) ≤ 64. The scratch buffer holds n elements: on the
// stack below ScratchOnStackBytesMax (like glibc's alloca below 1 KiB), otherwise from the C heap;
// if the heap cannot provide it, a stable in-place insertion sort takes over (O(n^2), but correct,
// where glibc falls back to an unstable quicksort).
//
// The comparator is C: `int (*)(const void*, const void*)`, or qsort_r's with a third argument
// passed through. Elements are moved with MemoryBlocks.Copy, except 8-byte elements (pointers
// and longs, the common case), which move as words.
namespace OSv.Libc.String
{
    public unsafe struct SortComparer
    {
        private readonly delegate* unmanaged<void*, void*, int> _compare;
        private readonly delegate* unmanaged<void*, void*, void*, int> _compareWithArgument;
        private readonly void* _argument;

        public SortComparer(delegate* unmanaged<void*, void*, int> compare)
        {
            _compare = compare;
            _compareWithArgument = null;
            _argument = null;
        }

        public SortComparer(delegate* unmanaged<void*, void*, void*, int> compare, void* argument)
        {
            _compare = null;
            _compareWithArgument = compare;
            _argument = argument;
        }

        public int Compare(byte* left, byte* right) =>
            _compare != null ? _compare(left, right) : _compareWithArgument(left, right, _argument);
    }

    public static unsafe class MergeSort
    {
        public const int ScratchOnStackBytesMax = 1024;

        /// <summary>Sorts <paramref name="count"/> elements of <paramref name="size"/> bytes at
        /// <paramref name="elements"/>, stably.</summary>
        public static void Sort(byte* elements, nuint count, nuint size, SortComparer comparer)
        {
            if (count < 2 || size == 0)
                return;
            if (count > nuint.MaxValue / size)
                return;   // cannot be a real array
            nuint scratchBytes = count * size;
            if (scratchBytes <= ScratchOnStackBytesMax)
            {
                byte* stackScratch = stackalloc byte[ScratchOnStackBytesMax];
                SortRange(elements, count, size, stackScratch, ref comparer);
                return;
            }
            byte* heapScratch = OSv.Libc.Memory.Heap.Allocate(scratchBytes);
            if (heapScratch == null)
            {
                InsertionSort(elements, count, size, ref comparer);
                return;
            }
            SortRange(elements, count, size, heapScratch, ref comparer);
            OSv.Libc.Memory.Heap.Free(heapScratch);
        }

        /// <summary>The fallback used when no scratch memory is available, exposed for tests.</summary>
        public static void SortInPlaceForTests(byte* elements, nuint count, nuint size, SortComparer comparer) =>
            InsertionSort(elements, count, size, ref comparer);

        private static void SortRange(byte* elements, nuint count, nuint size, byte* scratch, ref SortComparer comparer)
        {
            if (count < 2)
                return;
            nuint leftCount = count / 2;
            nuint rightCount = count - leftCount;
            byte* right = elements + leftCount * size;
            SortRange(elements, leftCount, size, scratch, ref comparer);
            SortRange(right, rightCount, size, scratch, ref comparer);
            Merge(elements, leftCount, right, rightCount, size, scratch, ref comparer);
        }

        // Merges the adjacent sorted runs into scratch, then copies the result back.
        private static void Merge(byte* left, nuint leftCount, byte* right, nuint rightCount, nuint size,
            byte* scratch, ref SortComparer comparer)
        {
            byte* output = scratch;
            byte* leftEnd = right;
            byte* rightEnd = right + rightCount * size;
            byte* leftCursor = left, rightCursor = right;
            while (leftCursor < leftEnd && rightCursor < rightEnd)
            {
                // Ties take the left element: that is what makes the sort stable.
                if (comparer.Compare(leftCursor, rightCursor) <= 0)
                {
                    MoveElement(output, leftCursor, size);
                    leftCursor += size;
                }
                else
                {
                    MoveElement(output, rightCursor, size);
                    rightCursor += size;
                }
                output += size;
            }
            // What is left of the right run is already in place; the rest of the left run moves
            // to just before it.
            nuint leftRemaining = (nuint)(leftEnd - leftCursor);
            MemoryBlocks.Move(left + (nuint)(output - scratch), leftCursor, leftRemaining);
            MemoryBlocks.Copy(left, scratch, (nuint)(output - scratch));
        }

        private static void InsertionSort(byte* elements, nuint count, nuint size, ref SortComparer comparer)
        {
            for (nuint i = 1; i < count; i++)
            {
                // Find where element i goes (after every element that is not greater), then
                // rotate it there one swap at a time, without scratch memory.
                nuint position = i;
                while (position > 0 && comparer.Compare(elements + (position - 1) * size, elements + i * size) > 0)
                    position--;
                for (nuint j = i; j > position; j--)
                    Swap(elements + (j - 1) * size, elements + j * size, size);
            }
        }

        private static void MoveElement(byte* destination, byte* source, nuint size)
        {
            if (size == sizeof(ulong))
                *(ulong*)destination = *(ulong*)source;
            else
                MemoryBlocks.Copy(destination, source, size);
        }

        private static void Swap(byte* a, byte* b, nuint size)
        {
            for (nuint i = 0; i < size; i++)
            {
                byte t = a[i];
                a[i] = b[i];
                b[i] = t;
            }
        }
    }
}
