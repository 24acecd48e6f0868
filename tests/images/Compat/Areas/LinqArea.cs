// LINQ to objects: the operators apps use most (Where, Select, GroupBy, OrderBy, Join, Aggregate,
// Zip) and deferred execution, observed through a side-effect log of when the source is pulled.
using System.Collections.Generic;
using System.Linq;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class LinqArea
    {
        public static CompatArea Create() => new CompatArea("linq", RunByDefault: true, new[]
        {
            new CompatBody("where-select", WhereSelect),
            new CompatBody("group-by", GroupBy),
            new CompatBody("order-by", OrderBy),
            new CompatBody("join", Join),
            new CompatBody("aggregate", Aggregate),
            new CompatBody("zip", Zip),
            new CompatBody("deferred-execution", DeferredExecution),
            new CompatBody("set-operators", SetOperators),
            new CompatBody("query-syntax", QuerySyntax),
        });

        private sealed record Person(string Name, string City, int Age);

        private static readonly Person[] People =
        {
            new Person("Ada", "London", 36),
            new Person("Grace", "Arlington", 85),
            new Person("Alan", "London", 41),
            new Person("Edsger", "Austin", 72),
            new Person("Barbara", "Boston", 60),
            new Person("Donald", "Stanford", 84),
            new Person("Ken", "Berkeley", 55),
            new Person("Niklaus", "Zurich", 89),
        };

        private static void WhereSelect(Transcript t)
        {
            var numbers = Enumerable.Range(1, 30);
            t.Line("odd squares over 100", numbers.Where(n => n % 2 == 1).Select(n => n * n).Where(n => n > 100).ToList());
            t.Line("indexed select", new[] { "a", "b", "c" }.Select((s, i) => s + i).ToArray());
            t.Line("select many", new[] { 1, 2, 3 }.SelectMany(n => Enumerable.Repeat(n, n)).ToList());
            t.Line("names of Londoners", People.Where(p => p.City == "London").Select(p => p.Name).ToList());
            t.Line("any over 88", People.Any(p => p.Age > 88));
            t.Line("all over 30", People.All(p => p.Age > 30));
            t.Line("count in L cities", People.Count(p => p.City.StartsWith('L')));
            t.Line("first over 80", People.First(p => p.Age > 80).Name);
            t.Line("last or default over 100", People.LastOrDefault(p => p.Age > 100)?.Name);
            t.Line("skip take", Enumerable.Range(0, 20).Skip(5).Take(4).ToList());
            t.Line("take while", Enumerable.Range(0, 20).TakeWhile(n => n * n < 30).ToList());
            t.Line("chunk", Enumerable.Range(1, 7).Chunk(3).ToList());
        }

        private static void GroupBy(Transcript t)
        {
            var byCity = People.GroupBy(p => p.City).Select(g => g.Key + ":" + g.Count()).ToList();
            t.Line("groups in first-seen order", byCity);
            var byDecade = People.GroupBy(p => p.Age / 10 * 10, p => p.Name)
                .OrderBy(g => g.Key)
                .Select(g => g.Key + "s=" + string.Join("+", g));
            t.Line("by decade", byDecade.ToList());
            var lookup = People.ToLookup(p => p.Name.Length);
            t.Line("lookup names of length 3", lookup[3].Select(p => p.Name).ToList());
            t.Line("lookup missing key count", lookup[42].Count());
            t.Line("count by", People.CountBy(p => p.Age >= 60).Select(pair => pair.Key + "=" + pair.Value).ToList());
        }

        private static void OrderBy(Transcript t)
        {
            t.Line("by age", People.OrderBy(p => p.Age).Select(p => p.Name).ToList());
            t.Line("by city then name descending", People.OrderBy(p => p.City).ThenByDescending(p => p.Name).Select(p => p.Name).ToList());
            // OrderBy is a stable sort: equal keys keep their source order.
            t.Line("stable on equal keys", People.OrderBy(p => p.Name.Length).Select(p => p.Name).ToList());
            t.Line("order descending", new[] { 5, 3, 9, 1 }.OrderDescending().ToList());
            t.Line("reverse", new[] { 1, 2, 3 }.Reverse().ToList());
            t.Line("min by age", People.MinBy(p => p.Age)?.Name);
            t.Line("max by age", People.MaxBy(p => p.Age)?.Name);
        }

        private static void Join(Transcript t)
        {
            var countries = new[] { ("London", "UK"), ("Zurich", "CH"), ("Austin", "US"), ("Boston", "US"), ("Paris", "FR") };
            var joined = People.Join(countries, p => p.City, c => c.Item1, (p, c) => p.Name + "@" + c.Item2).ToList();
            t.Line("inner join", joined);
            var grouped = countries.GroupJoin(People, c => c.Item1, p => p.City, (c, ps) => c.Item1 + ":" + ps.Count()).ToList();
            t.Line("group join", grouped);
        }

        private static void Aggregate(Transcript t)
        {
            var numbers = Enumerable.Range(1, 10).ToList();
            t.Line("sum", numbers.Sum());
            t.Line("product", numbers.Aggregate(1L, (product, n) => product * n));
            t.Line("average", numbers.Average());
            t.Line("min max", new[] { numbers.Min(), numbers.Max() });
            t.Line("concatenate", numbers.Aggregate("", (text, n) => text + n, text => "<" + text + ">"));
            t.Line("sum of ages", People.Sum(p => p.Age));
            t.Line("average age", People.Average(p => (double)p.Age));
            t.Line("sum of doubles", new[] { 0.1, 0.2, 0.3 }.Sum());
        }

        private static void Zip(Transcript t)
        {
            var letters = new[] { "a", "b", "c", "d" };
            var numbers = new[] { 1, 2, 3 };
            t.Line("zip shortest", letters.Zip(numbers, (l, n) => l + n).ToList());
            t.Line("zip tuples", letters.Zip(numbers).Select(pair => pair.First + "=" + pair.Second).ToList());
            t.Line("zip three", numbers.Zip(letters, new[] { true, false, true }).Select(x => x.First + x.Second + x.Third).ToList());
        }

        private static void DeferredExecution(Transcript t)
        {
            var log = new List<string>();
            var source = new List<int> { 1, 2, 3 };
            var query = source.Where(n => { log.Add("where " + n); return n != 2; })
                              .Select(n => { log.Add("select " + n); return n * 10; });
            t.Line("log before enumeration", log.Count);
            source.Add(4); // seen: the query runs at enumeration time
            var first = query.First();
            t.Line("first", first);
            t.Line("log after First", log);
            log.Clear();
            t.Line("all", query.ToList());
            t.Line("log after ToList", log);
            log.Clear();
            var iterated = Generate(log).Take(2).ToList();
            t.Line("generator taken", iterated);
            t.Line("generator log", log);
        }

        private static IEnumerable<int> Generate(List<string> log)
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    log.Add("yield " + i);
                    yield return i;
                }
            }
            finally
            {
                log.Add("disposed");
            }
        }

        private static void SetOperators(Transcript t)
        {
            var a = new[] { 1, 2, 2, 3, 4, 5 };
            var b = new[] { 4, 5, 6, 6 };
            t.Line("distinct", a.Distinct().ToList());
            t.Line("union", a.Union(b).ToList());
            t.Line("intersect", a.Intersect(b).ToList());
            t.Line("except", a.Except(b).ToList());
            t.Line("distinct by", People.DistinctBy(p => p.City[0]).Select(p => p.Name).ToList());
            t.Line("sequence equal", a.Take(3).SequenceEqual(new[] { 1, 2, 2 }));
            t.Line("to dictionary", People.Take(3).ToDictionary(p => p.Name, p => p.Age).Select(p => p.Key + p.Value).ToList());
            t.Line("to hash set count", b.ToHashSet().Count);
        }

        private static void QuerySyntax(Transcript t)
        {
            var query =
                from p in People
                where p.Age > 50
                let initial = p.Name[0]
                orderby initial, p.Age descending
                select initial + ":" + p.Age;
            t.Line("query", query.ToList());
            var cross =
                from x in Enumerable.Range(1, 3)
                from y in Enumerable.Range(x, 2)
                select x * 10 + y;
            t.Line("cross", cross.ToList());
        }
    }
}
