// qsort and qsort_r order random arrays with many ties exactly as glibc 2.36's (stable) qsort
// does, for small elements and large ones, on the stack-scratch and heap-scratch paths; bsearch
// finds the same element as glibc's among duplicates.
using System;
using System.Runtime.InteropServices;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class SortTests
    {
        // Elements start with an int key with few distinct values (ties everywhere); the rest of
        // the element is the original position, so a different tie order shows in the bytes.
        [UnmanagedCallersOnly]
        private static int CompareKeys(void* left, void* right) => (*(int*)left).CompareTo(*(int*)right);

        [UnmanagedCallersOnly]
        private static int CompareKeysWithDirection(void* left, void* right, void* direction) =>
            *(int*)direction * (*(int*)left).CompareTo(*(int*)right);

        private static void FillElements(Random random, Span<byte> elements, int count, int size)
        {
            for (int i = 0; i < count; i++)
            {
                Span<byte> element = elements.Slice(i * size, size);
                element.Fill((byte)i);
                MemoryMarshal.Write(element, random.Next(-5, 6));
                if (size >= 8)
                    MemoryMarshal.Write(element.Slice(4), i);
            }
        }

        [Theory]
        [InlineData(4)]
        [InlineData(8)]
        [InlineData(12)]
        [InlineData(40)]
        public void Qsort_RandomArraysWithTies_SameOrderAsGlibc(int size)
        {
            var ours = (delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, void>)CLibraries.Ours("qsort");
            var host = (delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, void>)CLibraries.Host("qsort");
            var random = new Random(40 + size);
            foreach (int count in new[] { 0, 1, 2, 3, 7, 16, 31, 100, 255, 1000, 3000 })
            {
                using var oursElements = new NativeBuffer(count * size);
                using var hostElements = new NativeBuffer(count * size);
                FillElements(random, oursElements.Span, count, size);
                oursElements.Span.CopyTo(hostElements.Span);
                ours(oursElements.Pointer, (nuint)count, (nuint)size, &CompareKeys);
                host(hostElements.Pointer, (nuint)count, (nuint)size, &CompareKeys);
                Assert.True(hostElements.Span.SequenceEqual(oursElements.Span), $"count {count}");
            }
        }

        [Fact]
        public void QsortR_PassesTheArgumentThrough_SameOrderAsGlibc()
        {
            var ours = (delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, void*, int>, void*, void>)CLibraries.Ours("qsort_r");
            var host = (delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, void*, int>, void*, void>)CLibraries.Host("qsort_r");
            var random = new Random(50);
            int descending = -1;
            using var oursElements = new NativeBuffer(500 * 8);
            using var hostElements = new NativeBuffer(500 * 8);
            FillElements(random, oursElements.Span, 500, 8);
            oursElements.Span.CopyTo(hostElements.Span);
            ours(oursElements.Pointer, 500, 8, &CompareKeysWithDirection, &descending);
            host(hostElements.Pointer, 500, 8, &CompareKeysWithDirection, &descending);
            Assert.True(hostElements.Span.SequenceEqual(oursElements.Span));
            Assert.Equal(5, MemoryMarshal.Read<int>(oursElements.Span));
        }

        [Fact]
        public void Bsearch_SortedArrayWithDuplicates_FindsTheSameElementAsGlibc()
        {
            var ours = (delegate* unmanaged<byte*, byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, byte*>)CLibraries.Ours("bsearch");
            var host = (delegate* unmanaged<byte*, byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, byte*>)CLibraries.Host("bsearch");
            var random = new Random(60);
            for (int trial = 0; trial < 500; trial++)
            {
                int count = random.Next(40);
                int[] values = new int[count];
                for (int i = 0; i < count; i++)
                    values[i] = random.Next(10);
                Array.Sort(values);
                using var elements = new NativeBuffer(count * 4);
                MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(elements.Span);
                int key = random.Next(-1, 11);
                Assert.True(host((byte*)&key, elements.Pointer, (nuint)count, 4, &CompareKeys)
                    == ours((byte*)&key, elements.Pointer, (nuint)count, 4, &CompareKeys));
            }
        }

        [Fact]
        public void MergeSort_ScratchUnavailable_InsertionSortIsStableToo()
        {
            // The heap cannot be made to fail on demand, so the fallback is driven directly.
            var random = new Random(70);
            using var ours = new NativeBuffer(64 * 8);
            using var host = new NativeBuffer(64 * 8);
            FillElements(random, ours.Span, 64, 8);
            ours.Span.CopyTo(host.Span);
            OSv.Libc.String.MergeSort.SortInPlaceForTests(ours.Pointer, 64, 8, new OSv.Libc.String.SortComparer(&CompareKeys));
            ((delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, void>)CLibraries.Host("qsort"))(host.Pointer, 64, 8, &CompareKeys);
            Assert.True(host.Span.SequenceEqual(ours.Span));
        }
    }
}
