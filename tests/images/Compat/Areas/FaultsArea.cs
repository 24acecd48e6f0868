// Exceptions the runtime raises itself, most of them from a hardware fault or a runtime helper
// rather than a `throw`: NullReferenceException from a null dereference (field, virtual call,
// array, string), DivideByZeroException and the MinValue / -1 overflow, IndexOutOfRange,
// InvalidCast, ArrayTypeMismatch, checked overflow. Each is caught, repeated (a fault handler
// that works once but corrupts state would fail the repetition), and raised from deep frames.
// Operands come through non-inlined helpers so that the compiler cannot fold the fault away.
using System;
using System.Runtime.CompilerServices;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class FaultsArea
    {
        public static CompatArea Create() => new CompatArea("faults", RunByDefault: true, new[]
        {
            new CompatBody("null-dereference", NullDereference),
            new CompatBody("divide-by-zero", DivideByZero),
            new CompatBody("index-out-of-range", IndexOutOfRange),
            new CompatBody("invalid-cast", InvalidCast),
            new CompatBody("checked-overflow", CheckedOverflow),
            new CompatBody("repeated-faults", RepeatedFaults),
            new CompatBody("fault-deep-with-finally", FaultDeepWithFinally),
        });

        private class Node
        {
            public int Value;
            public Node? Next { get; set; }

            public virtual int Virtual() => Value;
        }

        private sealed class DerivedNode : Node
        {
            public override int Virtual() => -Value;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static T? Null<T>() where T : class => null;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Int(int value) => value;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Long(long value) => value;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static object Box(object value) => value;

        private static string Caught(Action action) => CollectionsArea.CaughtName(action);

        private static void NullDereference(Transcript t)
        {
            t.Line("field load", Caught(() => _ = Null<Node>()!.Value));
            t.Line("field store", Caught(() => Null<Node>()!.Value = 1));
            t.Line("nested field", Caught(() => _ = new Node().Next!.Value));
            t.Line("virtual call", Caught(() => Null<Node>()!.Virtual()));
            t.Line("virtual call works on a derived node", new DerivedNode { Value = 3 }.Virtual());
            t.Line("string length", Caught(() => _ = Null<string>()!.Length));
            t.Line("array length", Caught(() => _ = Null<int[]>()!.Length));
            t.Line("array element", Caught(() => _ = Null<int[]>()![0]));
            t.Line("delegate invoke", Caught(() => Null<Action>()!()));
            t.Line("unbox null", Caught(() => _ = (int)Null<object>()!));
            t.Line("throw null", Caught(() => throw Null<Exception>()!));
            t.Line("lock on null", Caught(() => { lock (Null<object>()!) { } }));
        }

        private static void DivideByZero(Transcript t)
        {
            t.Line("int divide", Caught(() => _ = Int(1) / Int(0)));
            t.Line("int modulo", Caught(() => _ = Int(1) % Int(0)));
            t.Line("long divide", Caught(() => _ = Long(1) / Long(0)));
            t.Line("uint divide", Caught(() => _ = (uint)Int(1) / (uint)Int(0)));
            t.Line("decimal divide", Caught(() => _ = 1m / (decimal)Int(0)));
            t.Line("int MinValue / -1", Caught(() => _ = Int(int.MinValue) / Int(-1)));
            t.Line("long MinValue % -1", Caught(() => _ = Long(long.MinValue) % Long(-1)));
            t.Line("double divide is infinity", double.IsPositiveInfinity(1.0 / Int(0)));
        }

        private static void IndexOutOfRange(Transcript t)
        {
            var array = new int[3];
            t.Line("array past end", Caught(() => _ = array[Int(3)]));
            t.Line("array negative", Caught(() => array[Int(-1)] = 1));
            t.Line("multidimensional", Caught(() => _ = (new int[2, 2])[Int(2), 0]));
            t.Line("span", Caught(() => _ = new Span<int>(array)[Int(5)]));
            t.Line("string", Caught(() => _ = "abc"[Int(9)]));
            t.Line("stackalloc span", Caught(() => { Span<byte> bytes = stackalloc byte[4]; bytes[Int(4)] = 1; }));
            t.Line("array new negative", Caught(() => _ = new int[Int(-1)]));
        }

        private static void InvalidCast(Transcript t)
        {
            t.Line("object to string", Caught(() => _ = (string)Box(42)));
            t.Line("unbox wrong type", Caught(() => _ = (long)Box(42)));
            t.Line("to interface", Caught(() => _ = (IDisposable)Box("text")));
            t.Line("array to other array", Caught(() => _ = (string[])Box(new object[1])));
            t.Line("as gives null", Box(42) as string == null);
            t.Line("is false", Box(42) is string);
            object[] covariant = new string[1];
            t.Line("covariant array store", Caught(() => covariant[0] = Box(1)));
            t.Line("Convert bad cast", Caught(() => Convert.ToInt32(Box(new object()))));
        }

        private static void CheckedOverflow(Transcript t)
        {
            t.Line("int add", Caught(() => _ = checked(Int(int.MaxValue) + Int(1))));
            t.Line("int multiply", Caught(() => _ = checked(Int(65536) * Int(65536))));
            t.Line("long subtract", Caught(() => _ = checked(Long(long.MinValue) - Long(1))));
            t.Line("narrowing", Caught(() => _ = checked((byte)Int(256))));
            t.Line("to unsigned", Caught(() => _ = checked((uint)Int(-1))));
            t.Line("double to int", Caught(() => _ = checked((int)(double)Long(3_000_000_000))));
            t.Line("unchecked wraps", unchecked(Int(int.MaxValue) + Int(1)));
            t.Line("unchecked double to int", unchecked((int)(double)Int(7)));
            t.Line("Math.Abs MinValue", Caught(() => Math.Abs(Int(int.MinValue))));
            t.Line("decimal overflow", Caught(() => _ = decimal.MaxValue + (decimal)Int(1)));
        }

        private static void RepeatedFaults(Transcript t)
        {
            var nullFaults = 0;
            var divideFaults = 0;
            for (var i = 0; i < 500; i++)
            {
                try
                {
                    _ = Null<Node>()!.Value;
                }
                catch (NullReferenceException)
                {
                    nullFaults++;
                }
                try
                {
                    _ = Int(i) / Int(0);
                }
                catch (DivideByZeroException)
                {
                    divideFaults++;
                }
            }
            t.Line("null faults caught of 500", nullFaults);
            t.Line("divide faults caught of 500", divideFaults);
        }

        private static void FaultDeepWithFinally(Transcript t)
        {
            var finallyCount = new int[1];
            try
            {
                DeepFault(30, finallyCount);
            }
            catch (NullReferenceException)
            {
                t.Line("caught at top", "NullReferenceException");
            }
            t.Line("finally blocks run", finallyCount[0]);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int DeepFault(int depth, int[] finallyCount)
        {
            try
            {
                if (depth == 0)
                    return Null<Node>()!.Value;
                return DeepFault(depth - 1, finallyCount) + 1;
            }
            finally
            {
                finallyCount[0]++;
            }
        }
    }
}
