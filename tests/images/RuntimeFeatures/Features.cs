using System;
using System.Runtime.CompilerServices;

internal static class Features
{
    public static void Strings()
    {
        string world = "world";
        Check.Equal("string.concat", "hello, world!", "hello, " + world + "!");
        Check.Equal("string.concat.many", "a-world-b-world-c", "a-" + world + "-b-" + world + "-c");
        Check.Equal("string.length", 5, world.Length);
        Check.That("string.index", world[1] == 'o');
        Check.That("string.equality", "abc" == new string(new[] { 'a', 'b', 'c' }));
        Check.That("string.inequality", "abc" != "abd");
        Check.Equal("string.substring", "orl", world.Substring(1, 3));
        Check.Equal("int.format.positive", "12345", 12345.ToString());
        Check.Equal("int.format.negative", "-2147483648", int.MinValue.ToString());
        Check.Equal("long.format", "9223372036854775807", long.MaxValue.ToString());
        Check.Equal("ulong.format", "18446744073709551615", ulong.MaxValue.ToString());
        Check.Equal("int.format.hex", "00FF", 255.ToString("X4"));
        Check.Equal("concat.int", "n=7", "n=" + 7);
        Check.That("int.parse", int.TryParse("-123", out int parsed) && parsed == -123);
        Check.That("int.parse.rejects", !int.TryParse("12x", out _));
        Check.Equal("string.unicode.length", 2, "é€".Length);
    }

    public static void Arrays()
    {
        int[] numbers = new int[10];
        for (int i = 0; i < numbers.Length; i++)
            numbers[i] = i * i;
        int sum = 0;
        foreach (int n in numbers)
            sum += n;
        Check.Equal("array.int.sum", 285, sum);
        string[] words = { "a", "bb", "ccc" };
        Check.Equal("array.string.initializer", "bb", words[1]);
        long[] initialized = { 1, 2, 3 };
        Check.Equal("array.constant.initializer", 6, initialized[0] + initialized[1] + initialized[2]);
        object[] objects = new object[2];
        objects[0] = "x";
        objects[1] = 5;
        Check.That("array.object", objects[0] is string && objects[1] is int);
        int[] copy = new int[3];
        Array.Copy(numbers, 1, copy, 0, 3);
        Check.Equal("array.copy", 1 + 4 + 9, copy[0] + copy[1] + copy[2]);
        Check.Equal("array.empty", 0, Array.Empty<int>().Length);
    }

    public static void Spans()
    {
        Span<int> stack = stackalloc int[4];
        for (int i = 0; i < stack.Length; i++)
            stack[i] = i + 1;
        Check.Equal("span.stackalloc", 10, stack[0] + stack[1] + stack[2] + stack[3]);
        int[] backing = { 5, 6, 7, 8 };
        Span<int> slice = backing.AsSpan().Slice(1, 2);
        slice[0] = 60;
        Check.Equal("span.slice.writes.through", 60, backing[1]);
        ReadOnlySpan<byte> utf8 = "OSv"u8;
        Check.That("span.u8.literal", utf8.Length == 3 && utf8[0] == (byte)'O');
        ReadOnlySpan<char> chars = "spans";
        Check.That("span.string", chars.Slice(1).SequenceEqual("pans"));
        Span<byte> bytes = stackalloc byte[16];
        bytes.Fill(0xAB);
        bytes.Slice(8).Clear();
        Check.That("span.fill.clear", bytes[7] == 0xAB && bytes[8] == 0);
    }

    public static void Generics()
    {
        var ints = new Box<int>(41);
        var strings = new Box<string>("generic");
        Check.Equal("generic.value", 42, ints.Value + 1);
        Check.Equal("generic.reference", "generic", strings.Value);
        Check.Equal("generic.method.value", 8, Twice(4));
        Check.Equal("generic.method.reference", "ab", First("ab", "cd"));
        var pair = new Pair<long, string>(7, "seven");
        Check.Equal("generic.struct", "seven:7", pair.Second + ":" + pair.First);
    }

    private static int Twice(int value) => Add(value, value);

    private static T Add<T>(T a, T b) where T : struct => (T)(object)((int)(object)a + (int)(object)b);

    private static T First<T>(T a, T b) => a;

    public static void Interfaces()
    {
        IShape[] shapes = { new Square(3), new Circle(2), new Square(1) };
        int total = 0;
        for (int i = 0; i < shapes.Length; i++)
            total += AreaOf(shapes[i]);
        Check.Equal("interface.dispatch", 9 + 12 + 1, total);
        Check.Equal("interface.name.square", "square", NameOf(shapes[0]));
        Check.Equal("interface.name.circle", "circle", NameOf(shapes[1]));
        ICounter counter = new Counter();
        Bump(counter);
        Bump(counter);
        Check.Equal("interface.state", 2, counter.Count);
        IShape derived = new BigSquare(2);
        Check.Equal("interface.inherited.override", 40, AreaOf(derived));
        // With few implementations ilc turns an interface call into type checks; eight make it a
        // real dispatch through the runtime's resolver (checked: the call goes through a cell).
        IPolygon[] polygons = { new P3(), new P4(), new P5(), new P6(), new P7(), new P8(), new P9(), new P10() };
        int sides = 0;
        for (int i = 0; i < polygons.Length; i++)
            sides += SidesOf(polygons[i]);
        Check.Equal("interface.dispatch.many.implementations", 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10, sides);
        Check.Equal("interface.dispatch.default.name", "polygon with 10 sides", polygons[7].Describe());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SidesOf(IPolygon polygon) => polygon.Sides();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AreaOf(IShape shape) => shape.Area();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string NameOf(IShape shape) => shape.Name;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Bump(ICounter counter) => counter.Increment();

    public static void Virtuals()
    {
        Animal[] animals = { new Dog(), new Cat(), new Puppy() };
        string sounds = "";
        for (int i = 0; i < animals.Length; i++)
            sounds += Speak(animals[i]);
        Check.Equal("virtual.dispatch", "woof meow yip ", sounds);
        Check.Equal("virtual.base.call", "animal/puppy", animals[2].Describe());
        Check.Equal("virtual.tostring", "a dog", animals[0].ToString());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Speak(Animal animal) => animal.Sound() + " ";

    public static void Delegates()
    {
        Func<int, int> square = Square;
        Check.Equal("delegate.static", 49, square(7));
        var multiplier = new Multiplier(3);
        Func<int, int> triple = multiplier.Apply;
        Check.Equal("delegate.instance", 21, triple(7));
        int captured = 10;
        Func<int, int> addCaptured = x => x + captured;
        captured = 20;
        Check.Equal("delegate.closure", 25, addCaptured(5));
        Action<string> record = s => lastRecorded = s;
        record("called");
        Check.Equal("delegate.action", "called", lastRecorded);
        Check.Equal("delegate.passed", 16, Apply(x => x * 2, 8));
    }

    private static string? lastRecorded;

    private static int Square(int x) => x * x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Apply(Func<int, int> function, int value) => function(value);

    public static void StaticConstructors()
    {
        // Reading any static of Lazy runs its static constructor, so the count lives elsewhere.
        Check.Equal("cctor.lazy", 0, CctorTrace.LazyRuns);
        Check.Equal("cctor.value", "initialized", Lazy.Value);
        Check.Equal("cctor.value.again", "initialized", Lazy.Value);
        Check.Equal("cctor.ran.once", 1, CctorTrace.LazyRuns);
        Check.Equal("static.readonly.array", 3, Tables.Primes[1]);
    }

    public static void Boxing()
    {
        object boxed = 1234;
        Check.That("box.is", boxed is int);
        Check.Equal("unbox", 1234, (int)boxed);
        Check.Equal("box.tostring", "1234", boxed.ToString());
        object boxedStruct = new Pair<int, int>(1, 2);
        Check.Equal("unbox.struct", 2, ((Pair<int, int>)boxedStruct).Second);
        int? maybe = 5;
        Check.That("nullable.value", maybe.HasValue && maybe.Value == 5 && maybe.GetValueOrDefault() == 5);
        Check.That("box.equals", boxed.Equals(1234) && !boxed.Equals(4321));
    }

    public static unsafe void UnsafeCode()
    {
        long value = 0x1122334455667788;
        byte* bytes = (byte*)&value;
        Check.That("unsafe.pointer", bytes[0] == 0x88 && bytes[7] == 0x11);
        ref int asInt = ref Unsafe.As<long, int>(ref value);
        Check.Equal("unsafe.as", 0x55667788, asInt);
        Check.Equal("unsafe.sizeof", 16, Unsafe.SizeOf<Pair<long, long>>());
        int[] numbers = { 1, 2, 3 };
        fixed (int* first = numbers)
            Check.Equal("unsafe.fixed", 3, *(first + 2));
        string text = "fixed";
        fixed (char* characters = text)
            Check.That("unsafe.fixed.string", characters[0] == 'f' && characters[4] == 'd');
    }

    public static void Atomics()
    {
        int counter = 5;
        Check.Equal("atomic.cas.success", 5, System.Threading.Interlocked.CompareExchange(ref counter, 9, 5));
        Check.Equal("atomic.cas.failure", 9, System.Threading.Interlocked.CompareExchange(ref counter, 1, 5));
        Check.Equal("atomic.exchange", 9, System.Threading.Interlocked.Exchange(ref counter, 3));
        Check.Equal("atomic.increment", 4, System.Threading.Interlocked.Increment(ref counter));
        long wide = long.MaxValue - 1;
        Check.Equal("atomic.add.long", long.MaxValue, System.Threading.Interlocked.Add(ref wide, 1));
        string? slot = null;
        System.Threading.Volatile.Write(ref slot, "published");
        Check.Equal("volatile.reference", "published", System.Threading.Volatile.Read(ref slot));
    }

    public static void Casting()
    {
        // Opaque hides each object's type from the compiler, which otherwise folds the casts and
        // never asks the runtime (checked: breaking TypeCast fails these).
        object dog = Opaque(new Puppy());
        Check.That("cast.is.base", dog is Animal);
        Check.That("cast.is.base.of.base", dog is Dog);
        Check.That("cast.is.not", !(dog is Cat));
        Check.That("cast.as.null", (dog as string) is null);
        Check.That("cast.castclass", ((Animal)dog).Sound() == "yip");
        Check.That("cast.interface", Opaque(new Square(1)) is IShape && !(dog is IShape));
        Check.That("cast.interface.inherited", Opaque(new P4()) is IPolygon);
        object array = Opaque(new string[] { "s" });
        Check.That("cast.array.covariant", array is object[]);
        Check.That("cast.array.base", array is Array);
        Check.That("cast.array.not", !(array is int[]));
        object[] animals = new Animal[2];
        animals[0] = Opaque(new Dog());
        Check.That("cast.array.store.checked", animals[0] is Dog);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object Opaque(object value) => value;
}

internal sealed class Box<T>
{
    public Box(T value) { Value = value; }
    public T Value { get; }
}

internal readonly struct Pair<TFirst, TSecond>
{
    public Pair(TFirst first, TSecond second)
    {
        First = first;
        Second = second;
    }

    public TFirst First { get; }
    public TSecond Second { get; }
}

internal interface IShape
{
    int Area();
    string Name { get; }
}

internal class Square : IShape
{
    private readonly int _side;
    public Square(int side) { _side = side; }
    public virtual int Area() => _side * _side;
    public string Name => "square";
}

internal sealed class BigSquare : Square
{
    public BigSquare(int side) : base(side) { }
    public override int Area() => base.Area() * 10;
}

internal sealed class Circle : IShape
{
    private readonly int _radius;
    public Circle(int radius) { _radius = radius; }
    public int Area() => 3 * _radius * _radius;
    public string Name => "circle";
}

internal interface IPolygon
{
    int Sides();
    string Describe();
}

internal abstract class Polygon : IPolygon
{
    public abstract int Sides();
    public string Describe() => "polygon with " + Sides() + " sides";
}

internal sealed class P3 : Polygon { public override int Sides() => 3; }
internal sealed class P4 : Polygon { public override int Sides() => 4; }
internal sealed class P5 : Polygon { public override int Sides() => 5; }
internal sealed class P6 : Polygon { public override int Sides() => 6; }
internal sealed class P7 : Polygon { public override int Sides() => 7; }
internal sealed class P8 : Polygon { public override int Sides() => 8; }
internal sealed class P9 : IPolygon { public int Sides() => 9; public string Describe() => "nine"; }
internal sealed class P10 : Polygon { public override int Sides() => 10; }

internal interface ICounter
{
    void Increment();
    int Count { get; }
}

internal sealed class Counter : ICounter
{
    public int Count { get; private set; }
    public void Increment() => Count++;
}

internal abstract class Animal
{
    public abstract string Sound();
    public virtual string Describe() => "animal";
}

internal class Dog : Animal
{
    public override string Sound() => "woof";
    public override string ToString() => "a dog";
}

internal sealed class Cat : Animal
{
    public override string Sound() => "meow";
}

internal sealed class Puppy : Dog
{
    public override string Sound() => "yip";
    public override string Describe() => base.Describe() + "/puppy";
}

internal sealed class Multiplier
{
    private readonly int _factor;
    public Multiplier(int factor) { _factor = factor; }
    public int Apply(int value) => value * _factor;
}

internal static class CctorTrace
{
    public static int LazyRuns;
}

internal static class Lazy
{
    public static readonly string Value;

    static Lazy()
    {
        CctorTrace.LazyRuns++;
        Value = "initialized";
    }
}

internal static class Tables
{
    public static readonly int[] Primes = { 2, 3, 5, 7 };
}
