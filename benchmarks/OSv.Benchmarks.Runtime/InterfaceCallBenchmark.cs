// Cost of one interface call (what IEnumerable<T>, IComparer<T> and every OS library interface
// pay): at a monomorphic call site (one receiver type) and at a polymorphic one (four receiver
// types in turn). Four implementations and a receiver loaded from an array keep ilc from
// devirtualising the calls; each call site is its own NoInlining method, so each has its own
// dispatch cell.
using System.Runtime.CompilerServices;

namespace OSv.Benchmarks.Runtime
{
    internal static class InterfaceCallBenchmark
    {
        private interface IStep
        {
            int Next(int value);
        }

        private sealed class AddOne : IStep { public int Next(int value) => value + 1; }
        private sealed class AddTwo : IStep { public int Next(int value) => value + 2; }
        private sealed class Twice : IStep { public int Next(int value) => value * 2; }
        private sealed class Flip : IStep { public int Next(int value) => value ^ 0x55; }

        private static readonly IStep[] s_oneType = { new AddOne(), new AddOne(), new AddOne(), new AddOne() };
        private static readonly IStep[] s_fourTypes = { new AddOne(), new AddTwo(), new Twice(), new Flip() };
        private static int s_sink;

        public static void Run()
        {
            Figures.Print("interface_call_monomorphic_ns", Figures.MedianNanosecondsPerIteration(count => CallMonomorphic(s_oneType, count)));
            Figures.Print("interface_call_polymorphic_4_ns", Figures.MedianNanosecondsPerIteration(count => CallPolymorphic(s_fourTypes, count)));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CallMonomorphic(IStep[] receivers, int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
                value = receivers[i & 3].Next(value);
            s_sink += value;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CallPolymorphic(IStep[] receivers, int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
                value = receivers[i & 3].Next(value);
            s_sink += value;
        }
    }
}
