// Exceptions of every shape the runtime's dispatcher must get right, each observed through an
// ordered log: catch by type, `when` filters (including one that throws, and the two-pass rule
// that filters run before inner finally blocks), finally and fault ordering, rethrow preserving
// type and identity, nested try in catch and finally, exceptions replacing one another, 50 frames
// deep, on other threads, from static constructors, iterators and delegates. Hardware-raised
// exceptions are in FaultsArea.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class ExceptionsArea
    {
        public static CompatArea Create() => new CompatArea("exceptions", RunByDefault: true, new[]
        {
            new CompatBody("catch-by-type", CatchByType),
            new CompatBody("filters", Filters),
            new CompatBody("filter-before-inner-finally", FilterBeforeInnerFinally),
            new CompatBody("throwing-filter", ThrowingFilter),
            new CompatBody("finally-and-fault-order", FinallyAndFaultOrder),
            new CompatBody("rethrow", Rethrow),
            new CompatBody("nested-in-catch-and-finally", NestedInCatchAndFinally),
            new CompatBody("replaced-in-finally", ReplacedInFinally),
            new CompatBody("fifty-frames", FiftyFrames),
            new CompatBody("other-threads", OtherThreads),
            new CompatBody("custom-types", CustomTypes),
            new CompatBody("type-names-and-data", TypeNamesAndData),
            new CompatBody("static-constructor", StaticConstructor),
            new CompatBody("iterators-and-delegates", IteratorsAndDelegates),
            new CompatBody("many-throws", ManyThrows),
        });

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Throw(Exception exception) => throw exception;

        private static void CatchByType(Transcript t)
        {
            var log = new List<string>();
            try
            {
                try
                {
                    Throw(new InvalidOperationException("io"));
                }
                catch (ArgumentException)
                {
                    log.Add("wrong: argument");
                }
                catch (InvalidOperationException exception) when (exception is ObjectDisposedException)
                {
                    log.Add("wrong: disposed");
                }
            }
            catch (SystemException exception)
            {
                log.Add("outer SystemException " + ExceptionNames.Of(exception) + " " + exception.Message);
            }
            try
            {
                Throw(new ArgumentNullException("name", "missing"));
            }
            catch (ArgumentException exception)
            {
                log.Add("base catch " + ExceptionNames.Of(exception) + " param " + exception.ParamName);
            }
            try
            {
                Throw(new KeyNotFoundException("k"));
            }
            catch (Exception exception) when (exception is KeyNotFoundException || exception is FormatException)
            {
                log.Add("pattern " + ExceptionNames.Of(exception));
            }
            t.Line("log", log);
        }

        private static void Filters(Transcript t)
        {
            var log = new List<string>();
            for (var code = 0; code < 4; code++)
            {
                try
                {
                    Throw(new CompatCustomException("code", code));
                }
                catch (CompatCustomException exception) when (Observe(log, "first filter " + exception.Code, exception.Code == 1))
                {
                    log.Add("first handler " + exception.Code);
                }
                catch (CompatCustomException exception) when (Observe(log, "second filter " + exception.Code, exception.Code >= 2))
                {
                    log.Add("second handler " + exception.Code);
                }
                catch (CompatCustomException exception)
                {
                    log.Add("unfiltered handler " + exception.Code);
                }
            }
            t.Line("log", log);
        }

        private static bool Observe(List<string> log, string entry, bool result)
        {
            log.Add(entry);
            return result;
        }

        // Two-pass dispatch: the first pass runs filters up the stack to find a handler; only the
        // second pass runs finally blocks. So the outer filter runs before the inner finally.
        private static void FilterBeforeInnerFinally(Transcript t)
        {
            var log = new List<string>();
            try
            {
                InnerWithFinally(log);
            }
            catch (InvalidOperationException) when (Observe(log, "outer filter", true))
            {
                log.Add("outer handler");
            }
            t.Line("order", log);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void InnerWithFinally(List<string> log)
        {
            try
            {
                try
                {
                    log.Add("throw");
                    Throw(new InvalidOperationException("x"));
                }
                finally
                {
                    log.Add("inner finally");
                }
            }
            catch (Exception) when (Observe(log, "inner filter (false)", false))
            {
                log.Add("wrong");
            }
            finally
            {
                log.Add("middle finally");
            }
        }

        // An exception escaping a filter is swallowed and the filter counts as false.
        private static void ThrowingFilter(Transcript t)
        {
            var log = new List<string>();
            try
            {
                try
                {
                    Throw(new FormatException("original"));
                }
                catch (FormatException) when (FilterThatThrows(log))
                {
                    log.Add("wrong: throwing filter's handler ran");
                }
                catch (FormatException exception)
                {
                    log.Add("next handler got " + ExceptionNames.Of(exception) + " " + exception.Message);
                }
            }
            catch (Exception exception)
            {
                log.Add("wrong: escaped " + ExceptionNames.Of(exception));
            }
            var filterRanAgain = 0;
            try
            {
                Throw(new FormatException("second"));
            }
            catch (Exception) when (++filterRanAgain > 0 && NullDereferenceInFilter())
            {
                log.Add("wrong: handler after faulting filter");
            }
            catch (Exception exception)
            {
                log.Add("after faulting filter " + ExceptionNames.Of(exception) + " filter runs " + filterRanAgain);
            }
            t.Line("log", log);
        }

        private static bool FilterThatThrows(List<string> log)
        {
            log.Add("filter throws");
            throw new NotSupportedException("from filter");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string? NullText() => null;

        private static bool NullDereferenceInFilter() => NullText()!.Length > 0;

        private static void FinallyAndFaultOrder(Transcript t)
        {
            var log = new List<string>();
            try
            {
                Level1(log);
            }
            catch (CompatCustomException exception)
            {
                log.Add("caught " + exception.Code);
            }
            finally
            {
                log.Add("outer finally");
            }
            t.Line("order", log);
            log.Clear();
            try
            {
                using (new Recorder(log, "resource a"))
                using (new Recorder(log, "resource b"))
                {
                    Throw(new CompatCustomException("in using", 5));
                }
            }
            catch (CompatCustomException)
            {
                log.Add("caught after disposals");
            }
            t.Line("using order", log);
            log.Clear();
            var returned = ReturnThroughFinally(log);
            t.Line("return through finally", returned + " " + string.Join(",", log));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Level1(List<string> log)
        {
            try
            {
                Level2(log);
            }
            catch
            {
                log.Add("level1 fault (catch all, rethrow)");
                throw;
            }
            finally
            {
                log.Add("level1 finally");
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Level2(List<string> log)
        {
            try
            {
                log.Add("level2 throw");
                Throw(new CompatCustomException("deep", 2));
            }
            finally
            {
                log.Add("level2 finally");
            }
        }

        private static int ReturnThroughFinally(List<string> log)
        {
            var value = 1;
            try
            {
                return value;
            }
            finally
            {
                value = 2; // does not change the returned value
                log.Add("finally after return " + value);
            }
        }

        private sealed class Recorder : IDisposable
        {
            private readonly List<string> log;
            private readonly string name;

            public Recorder(List<string> log, string name)
            {
                this.log = log;
                this.name = name;
            }

            public void Dispose() => log.Add("dispose " + name);
        }

        private static void Rethrow(Transcript t)
        {
            var original = new CompatDerivedException("original", 9, "detail");
            Exception? caught = null;
            try
            {
                try
                {
                    Throw(original);
                }
                catch (CompatCustomException)
                {
                    throw;
                }
            }
            catch (Exception exception)
            {
                caught = exception;
            }
            t.Line("throw; same object", ReferenceEquals(caught, original));
            t.Line("throw; type", ExceptionNames.Of(caught!));
            try
            {
                try
                {
                    Throw(original);
                }
                catch (Exception exception)
                {
#pragma warning disable CA2200 // deliberate: `throw e` (not `throw;`) is the shape under test
                    throw exception;
#pragma warning restore CA2200
                }
            }
            catch (CompatDerivedException exception)
            {
                t.Line("throw e same object", ReferenceEquals(exception, original));
            }
            ExceptionDispatchInfo? captured = null;
            try
            {
                Throw(new TimeoutException("captured"));
            }
            catch (TimeoutException exception)
            {
                captured = ExceptionDispatchInfo.Capture(exception);
            }
            try
            {
                captured!.Throw();
            }
            catch (TimeoutException exception)
            {
                t.Line("ExceptionDispatchInfo", ExceptionNames.Of(exception) + " " + exception.Message + " " + ReferenceEquals(exception, captured!.SourceException));
            }
            try
            {
                try
                {
                    Throw(new FormatException("inner"));
                }
                catch (FormatException exception)
                {
                    throw new CompatCustomException("wrapped", 3, exception);
                }
            }
            catch (CompatCustomException exception)
            {
                t.Line("wrapped inner", ExceptionNames.Of(exception.InnerException!) + " " + exception.InnerException!.Message);
            }
        }

        private static void NestedInCatchAndFinally(Transcript t)
        {
            var log = new List<string>();
            try
            {
                Throw(new CompatCustomException("outer", 1));
            }
            catch (CompatCustomException outer)
            {
                try
                {
                    Throw(new CompatCustomException("in catch", 2));
                }
                catch (CompatCustomException inner)
                {
                    log.Add("in catch caught " + inner.Code + " while handling " + outer.Code);
                }
                log.Add("outer still " + outer.Message);
            }
            try
            {
                log.Add("try");
            }
            finally
            {
                try
                {
                    Throw(new CompatCustomException("in finally", 3));
                }
                catch (CompatCustomException inner)
                {
                    log.Add("in finally caught " + inner.Code);
                }
                finally
                {
                    log.Add("finally in finally");
                }
            }
            try
            {
                try
                {
                    Throw(new CompatCustomException("propagating", 4));
                }
                finally
                {
                    try
                    {
                        Throw(new CompatCustomException("handled inside the finally of a propagating exception", 5));
                    }
                    catch (CompatCustomException inner)
                    {
                        log.Add("during propagation caught " + inner.Code);
                    }
                }
            }
            catch (CompatCustomException exception)
            {
                log.Add("propagated " + exception.Code);
            }
            t.Line("log", log);
        }

        private static void ReplacedInFinally(Transcript t)
        {
            var log = new List<string>();
            try
            {
                try
                {
                    Throw(new CompatCustomException("first", 1));
                }
                finally
                {
                    log.Add("finally throws");
                    Throw(new FormatException("replacement"));
                }
            }
            catch (CompatCustomException)
            {
                log.Add("wrong: first survived");
            }
            catch (FormatException exception)
            {
                log.Add("caught replacement " + exception.Message);
            }
            t.Line("log", log);
        }

        private static void FiftyFrames(Transcript t)
        {
            var finallyCount = new int[1];
            try
            {
                Recurse(50, finallyCount);
            }
            catch (CompatCustomException exception)
            {
                t.Line("caught at top", exception.Code);
            }
            t.Line("finally blocks run", finallyCount[0]);
            finallyCount[0] = 0;
            t.Line("caught midway", CatchMidway(50, finallyCount));
            t.Line("finally blocks below midway", finallyCount[0]);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Recurse(int depth, int[] finallyCount)
        {
            try
            {
                if (depth == 0)
                    Throw(new CompatCustomException("bottom", 50));
                return Recurse(depth - 1, finallyCount) + 1;
            }
            finally
            {
                finallyCount[0]++;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string CatchMidway(int depth, int[] finallyCount)
        {
            if (depth == 25)
            {
                try
                {
                    Recurse(depth, finallyCount);
                    return "wrong: no exception";
                }
                catch (CompatCustomException exception) when (exception.Code == 50)
                {
                    return "at depth 25";
                }
            }
            return CatchMidway(depth - 1, finallyCount);
        }

        private const int ThreadCount = 4;
        private const int ThrowsPerThread = 200;

        private static void OtherThreads(Transcript t)
        {
            var caughtPerThread = new int[ThreadCount];
            var threads = new Thread[ThreadCount];
            for (var i = 0; i < ThreadCount; i++)
            {
                var index = i;
                threads[i] = new Thread(() => caughtPerThread[index] = ThrowAndCatchRepeatedly(index));
                threads[i].Start();
            }
            foreach (var thread in threads)
                thread.Join();
            t.Line("caught per thread", caughtPerThread);
        }

        private static int ThrowAndCatchRepeatedly(int threadIndex)
        {
            var caught = 0;
            for (var i = 0; i < ThrowsPerThread; i++)
            {
                try
                {
                    Recurse(i % 8, new int[1]);
                }
                catch (CompatCustomException exception) when (exception.Code == 50)
                {
                    caught++;
                }
            }
            return caught + threadIndex * 1000;
        }

        private static void CustomTypes(Transcript t)
        {
            try
            {
                Throw(new CompatDerivedException("derived", 7, "extra"));
            }
            catch (CompatCustomException exception)
            {
                var derived = exception as CompatDerivedException;
                t.Line("caught as base", ExceptionNames.Of(exception) + " code " + exception.Code + " detail " + derived?.Detail + " message " + exception.Message);
            }
            var thrownWithoutCatch = CollectionsArea.CaughtName(() => Throw(new CompatCustomException("c", 1)));
            t.Line("custom through helper", thrownWithoutCatch);
            var defaultMessage = new CompatCustomException(null!, 0).Message.Length > 0;
            t.Line("null message gets default", defaultMessage);
        }

        private static void TypeNamesAndData(Transcript t)
        {
            var exception = new CompatDerivedException("m", 1, "d");
            t.Line("GetType().Name", exception.GetType().Name);
            t.Line("GetType().FullName", exception.GetType().FullName);
            t.Line("base type name", typeof(InvalidOperationException).Name);
            exception.Data["key"] = 42;
            t.Line("Data", exception.Data["key"]);
            t.Line("HResult of custom", exception.HResult.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
            t.Line("HResult of NullReferenceException", new NullReferenceException().HResult.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        }

        private static class FailingStatics
        {
            public static readonly int Value = Fail();

            private static int Fail() => throw new CompatCustomException("cctor", 11);
        }

        private static void StaticConstructor(Transcript t)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    t.Line("wrong: value", ReadFailingStatic());
                }
                catch (TypeInitializationException exception)
                {
                    t.Line("attempt " + attempt, ExceptionNames.Of(exception) + " inner " + ExceptionNames.Of(exception.InnerException!));
                }
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int ReadFailingStatic() => FailingStatics.Value;

        private static void IteratorsAndDelegates(Transcript t)
        {
            var log = new List<string>();
            try
            {
                foreach (var item in FailingIterator(log))
                    log.Add("item " + item);
            }
            catch (CompatCustomException exception)
            {
                log.Add("caught " + exception.Code);
            }
            t.Line("iterator", log);
            Func<int, int> divider = x => 100 / x;
            Action<int> chain = x => divider(x);
            t.Line("through delegates", CollectionsArea.CaughtName(() => chain(0)));
            Func<int> generic = Generic<string>.Fail;
            t.Line("through generic", CollectionsArea.CaughtName(() => generic()));
        }

        private static IEnumerable<int> FailingIterator(List<string> log)
        {
            try
            {
                yield return 1;
                yield return 2;
                Throw(new CompatCustomException("iterator", 8));
                yield return 3;
            }
            finally
            {
                log.Add("iterator finally");
            }
        }

        private static class Generic<T>
        {
            public static int Fail() => throw new NotImplementedException(typeof(T) == typeof(string) ? "string" : "other");
        }

        private static void ManyThrows(Transcript t)
        {
            var caught = 0;
            for (var i = 0; i < 10_000; i++)
            {
                try
                {
                    Throw(new CompatCustomException("many", i));
                }
                catch (CompatCustomException exception) when (exception.Code == i)
                {
                    caught++;
                }
            }
            t.Line("caught of 10000", caught);
        }
    }
}
