// Collections of the base library: List, Dictionary, HashSet, Queue, Stack, SortedDictionary,
// arrays and Array.Sort. Each body grows its collection past the initial capacity, so resizing,
// rehashing and the comparers run, not only the first bucket.
using System;
using System.Collections.Generic;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class CollectionsArea
    {
        public static CompatArea Create() => new CompatArea("collections", RunByDefault: true, new[]
        {
            new CompatBody("list", List),
            new CompatBody("list-of-structs", ListOfStructs),
            new CompatBody("dictionary", Dictionary),
            new CompatBody("dictionary-removal-reuse", DictionaryRemovalReuse),
            new CompatBody("hashset", HashSet),
            new CompatBody("queue", Queue),
            new CompatBody("stack", Stack),
            new CompatBody("sorted-dictionary", SortedDictionary),
            new CompatBody("arrays", Arrays),
            new CompatBody("array-sort", ArraySort),
            new CompatBody("collection-errors", CollectionErrors),
        });

        private static void List(Transcript t)
        {
            var list = new List<int>();
            for (var i = 0; i < 100; i++)
                list.Add(i * 3 % 17);
            t.Line("count", list.Count);
            t.Line("first ten", list.GetRange(0, 10));
            list.RemoveAll(x => x % 2 == 0);
            t.Line("count after removing evens", list.Count);
            list.Insert(0, -1);
            list.RemoveAt(list.Count - 1);
            t.Line("index of 13", list.IndexOf(13));
            t.Line("contains 16", list.Contains(16));
            list.Sort();
            list.Reverse();
            t.Line("first five after sort and reverse", list.GetRange(0, 5));
            t.Line("binary search after sort", ListBinarySearch(list));
            list.Clear();
            t.Line("count after clear", list.Count);
        }

        private static int ListBinarySearch(List<int> descending)
        {
            var ascending = new List<int>(descending);
            ascending.Sort();
            return ascending.BinarySearch(9);
        }

        private readonly record struct Point(int X, int Y);

        private static void ListOfStructs(Transcript t)
        {
            var points = new List<Point>();
            for (var i = 0; i < 40; i++)
                points.Add(new Point(i % 7, i / 7));
            points.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : b.Y.CompareTo(a.Y));
            t.Line("first", points[0].ToString());
            t.Line("last", points[points.Count - 1].ToString());
            t.Line("contains (3, 4)", points.Contains(new Point(3, 4)));
            t.Line("find index x=5", points.FindIndex(p => p.X == 5));
        }

        private static void Dictionary(Transcript t)
        {
            var squares = new Dictionary<string, int>();
            for (var i = 0; i < 200; i++)
                squares["k" + i] = i * i;
            t.Line("count", squares.Count);
            t.Line("k17", squares["k17"]);
            t.Line("try get k199", squares.TryGetValue("k199", out var value) ? value : -1);
            t.Line("try get missing", squares.TryGetValue("k200", out _));
            t.Line("remove k5", squares.Remove("k5"));
            t.Line("remove k5 again", squares.Remove("k5"));
            t.Line("contains key k5", squares.ContainsKey("k5"));
            t.Line("try add k6", squares.TryAdd("k6", 0));
            var sum = 0L;
            foreach (var pair in squares)
                sum += pair.Value;
            t.Line("sum of values", sum);
            var firstKeys = new List<string>();
            foreach (var key in squares.Keys)
            {
                if (firstKeys.Count == 6)
                    break;
                firstKeys.Add(key);
            }
            t.Line("first keys in enumeration order", firstKeys);
        }

        // Enumeration order after removals depends on the free list: the same code must give the
        // same order in the image.
        private static void DictionaryRemovalReuse(Transcript t)
        {
            var map = new Dictionary<int, string>();
            for (var i = 0; i < 10; i++)
                map.Add(i, "v" + i);
            map.Remove(3);
            map.Remove(7);
            map.Add(100, "a");
            map.Add(101, "b");
            map.Add(102, "c");
            var keys = new List<int>(map.Keys);
            t.Line("keys", keys);
            map[100] = "changed";
            t.Line("value 100", map[100]);
        }

        private static void HashSet(Transcript t)
        {
            var evens = new HashSet<int>();
            for (var i = 0; i < 50; i += 2)
                evens.Add(i);
            var threes = new HashSet<int>();
            for (var i = 0; i < 50; i += 3)
                threes.Add(i);
            t.Line("add duplicate", evens.Add(10));
            var both = new HashSet<int>(evens);
            both.IntersectWith(threes);
            var sortedBoth = new List<int>(both);
            sortedBoth.Sort();
            t.Line("intersection", sortedBoth);
            var union = new HashSet<int>(evens);
            union.UnionWith(threes);
            t.Line("union count", union.Count);
            var difference = new HashSet<int>(evens);
            difference.ExceptWith(threes);
            t.Line("difference count", difference.Count);
            t.Line("subset", both.IsSubsetOf(evens));
            var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Alpha", "beta" };
            t.Line("ignore-case contains ALPHA", words.Contains("ALPHA"));
            t.Line("ignore-case add BETA", words.Add("BETA"));
        }

        private static void Queue(Transcript t)
        {
            var queue = new Queue<string>();
            for (var i = 0; i < 20; i++)
                queue.Enqueue("item" + i);
            var taken = new List<string>();
            for (var i = 0; i < 15; i++)
                taken.Add(queue.Dequeue());
            for (var i = 20; i < 40; i++)
                queue.Enqueue("item" + i); // wraps around the ring
            t.Line("last taken", taken[taken.Count - 1]);
            t.Line("count", queue.Count);
            t.Line("peek", queue.Peek());
            t.Line("as array tail", queue.ToArray()[queue.Count - 1]);
            t.Line("try dequeue on empty", new Queue<int>().TryDequeue(out _));
        }

        private static void Stack(Transcript t)
        {
            var stack = new Stack<int>();
            for (var i = 0; i < 30; i++)
                stack.Push(i);
            var popped = new List<int>();
            for (var i = 0; i < 4; i++)
                popped.Add(stack.Pop());
            t.Line("popped", popped);
            t.Line("peek", stack.Peek());
            t.Line("count", stack.Count);
            t.Line("enumeration starts at top", new List<int>(stack).GetRange(0, 3));
        }

        private static void SortedDictionary(Transcript t)
        {
            var sorted = new SortedDictionary<string, int>(StringComparer.Ordinal);
            string[] words = { "pear", "apple", "fig", "banana", "cherry", "date", "Apple", "elder" };
            for (var i = 0; i < words.Length; i++)
                sorted[words[i]] = i;
            t.Line("keys", new List<string>(sorted.Keys));
            t.Line("values", new List<int>(sorted.Values));
            sorted.Remove("fig");
            t.Line("count after remove", sorted.Count);
            var descending = new SortedDictionary<int, string>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
            for (var i = 0; i < 6; i++)
                descending[i * 7 % 10] = "n" + i;
            t.Line("descending keys", new List<int>(descending.Keys));
        }

        private static void Arrays(Transcript t)
        {
            var numbers = new int[10];
            for (var i = 0; i < numbers.Length; i++)
                numbers[i] = i * i;
            t.Line("index of 49", Array.IndexOf(numbers, 49));
            var copy = new int[12];
            Array.Copy(numbers, 0, copy, 2, numbers.Length);
            t.Line("copy", copy);
            Array.Reverse(numbers);
            t.Line("reversed", numbers);
            Array.Resize(ref numbers, 4);
            t.Line("resized", numbers);
            var grid = new int[3, 4];
            for (var row = 0; row < 3; row++)
                for (var column = 0; column < 4; column++)
                    grid[row, column] = row * 10 + column;
            t.Line("grid rank, length, [2,3]", new[] { grid.Rank, grid.Length, grid[2, 3] });
            var jagged = new int[][] { new[] { 1 }, new[] { 2, 3 }, new int[0] };
            t.Line("jagged", jagged);
            object[] covariant = new string[] { "a", "b" };
            t.Line("covariant element", covariant[1]);
            t.Line("empty is same instance", ReferenceEquals(Array.Empty<int>(), Array.Empty<int>()));
            Array.Fill(copy, 7);
            t.Line("filled", copy);
        }

        private static void ArraySort(Transcript t)
        {
            var random = new int[200];
            var state = 12345u;
            for (var i = 0; i < random.Length; i++)
            {
                state = state * 1103515245u + 12345u;
                random[i] = (int)(state >> 16) % 1000;
            }
            Array.Sort(random);
            var ordered = true;
            for (var i = 1; i < random.Length; i++)
                ordered &= random[i - 1] <= random[i];
            t.Line("ascending", ordered);
            t.Line("smallest three", new[] { random[0], random[1], random[2] });
            t.Line("largest", random[random.Length - 1]);
            string[] names = { "delta", "Alpha", "charlie", "bravo", "alpha" };
            Array.Sort(names, StringComparer.Ordinal);
            t.Line("ordinal", names);
            Array.Sort(names, StringComparer.OrdinalIgnoreCase);
            t.Line("ordinal ignore case first two are alphas", names[0].ToLowerInvariant() == "alpha" && names[1].ToLowerInvariant() == "alpha");
            t.Line("ordinal ignore case rest", new[] { names[2], names[3], names[4] });
            var keys = new[] { 3, 1, 2 };
            var items = new[] { "three", "one", "two" };
            Array.Sort(keys, items);
            t.Line("sorted by keys", items);
            var doubles = new[] { 2.5, -1.0, double.NaN, 0.0, double.NegativeInfinity };
            Array.Sort(doubles);
            t.Line("doubles with NaN", doubles);
            var pairs = new[] { (2, "b"), (1, "z"), (2, "a"), (1, "y") };
            Array.Sort(pairs, (a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2));
            t.Line("tuples", Transcript.Show(pairs));
        }

        private static void CollectionErrors(Transcript t)
        {
            t.Line("missing key", CaughtName(() => _ = new Dictionary<int, int>()[1]));
            t.Line("duplicate key", CaughtName(() => new Dictionary<int, int> { { 1, 1 }, { 1, 2 } }));
            t.Line("list index", CaughtName(() => _ = new List<int> { 1 }[1]));
            t.Line("empty queue", CaughtName(() => new Queue<int>().Dequeue()));
            t.Line("empty stack", CaughtName(() => new Stack<int>().Pop()));
            t.Line("modified during enumeration", CaughtName(() =>
            {
                var list = new List<int> { 1, 2, 3 };
                foreach (var item in list)
                    list.Add(item);
            }));
        }

        internal static string CaughtName(Action action)
        {
            try
            {
                action();
                return "no exception";
            }
            catch (Exception exception)
            {
                return ExceptionNames.Of(exception);
            }
        }
    }
}
