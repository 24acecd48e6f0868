// The variadic shims of libc.S, driven from C#: a variadic C call with integer and double
// arguments, some beyond the registers, must reach the v* function as a va_list that yields
// them in order (psABI 3.5.7).
using System.Runtime.InteropServices;
using OSv.Libc.Abi;
using Xunit;

namespace OSv.Libc.Tests.Abi
{
    [Collection(AbiSlotsCollection.Name)]
    public unsafe class AbiShimsTests
    {
        private static long[] s_integers = new long[16];
        private static double[] s_doubles = new double[16];
        private static int s_integerCount, s_doubleCount;

        [UnmanagedCallersOnly]
        private static int CaptureIntegers(byte* buffer, nuint size, byte* format, VaList* args)
        {
            s_integerCount = (int)size;
            for (int i = 0; i < s_integerCount; i++)
                s_integers[i] = (long)args->NextInteger();
            return 42;
        }

        [UnmanagedCallersOnly]
        private static int CaptureMixed(byte* buffer, nuint size, byte* format, VaList* args)
        {
            // format[i] says what the i-th argument is: 'i' integer, 'd' double.
            s_integerCount = s_doubleCount = 0;
            for (int i = 0; i < (int)size; i++)
            {
                if (format[i] == (byte)'i')
                    s_integers[s_integerCount++] = (long)args->NextInteger();
                else
                    s_doubles[s_doubleCount++] = args->NextDouble();
            }
            return 7;
        }

        [Fact]
        public void Snprintf_IntegersBeyondTheRegisters_ArriveInOrder()
        {
            AbiShims.Initialize();
            nint saved = AbiShims.GetSlot(AbiShims.ShimSlot.Vsnprintf);
            AbiShims.SetSlot(AbiShims.ShimSlot.Vsnprintf, (nint)(delegate* unmanaged<byte*, nuint, byte*, VaList*, int>)&CaptureIntegers);
            try
            {
                var snprintf = (delegate* unmanaged<byte*, nuint, byte*, long, long, long, long, long, long, long, long, int>)
                    AbiShims.Entry(AbiShims.ShimEntry.Snprintf);
                int result = snprintf(null, 8, null, 11, 22, 33, 44, 55, 66, 77, 88);
                Assert.Equal(42, result);
                Assert.Equal(new long[] { 11, 22, 33, 44, 55, 66, 77, 88 }, s_integers[..8]);
            }
            finally
            {
                AbiShims.SetSlot(AbiShims.ShimSlot.Vsnprintf, saved);
            }
        }

        [Fact]
        public void Snprintf_DoublesAndIntegersMixed_ArriveInOrder()
        {
            AbiShims.Initialize();
            nint saved = AbiShims.GetSlot(AbiShims.ShimSlot.Vsnprintf);
            AbiShims.SetSlot(AbiShims.ShimSlot.Vsnprintf, (nint)(delegate* unmanaged<byte*, nuint, byte*, VaList*, int>)&CaptureMixed);
            try
            {
                // Ten doubles: eight in xmm0..7, two on the stack after the spilled integers.
                var snprintf = (delegate* unmanaged<byte*, nuint, byte*, double, long, double, double, double, double, double, double, double, double, double, long, long, long, long, int>)
                    AbiShims.Entry(AbiShims.ShimEntry.Snprintf);
                fixed (byte* kinds = "didddddddddiiii"u8)
                {
                    int result = snprintf(null, 15, kinds, 0.5, 1, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 2, 3, 4, 5);
                    Assert.Equal(7, result);
                }
                Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, s_integers[..5]);
                Assert.Equal(new[] { 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5 }, s_doubles[..10]);
            }
            finally
            {
                AbiShims.SetSlot(AbiShims.ShimSlot.Vsnprintf, saved);
            }
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class AbiSlotsCollection
    {
        public const string Name = "libc.S slots";
    }
}
