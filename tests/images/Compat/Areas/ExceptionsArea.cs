// Exceptions of every shape the runtime's dispatcher must get right, each observed through an
// ordered log: catch by type, `when` filters (including one that throws, and the two-pass rule
// that filters run before inner finally blocks), finally and fault ordering, rethrow preserving
// type and identity, nested try in catch and finally, exceptions replacing one another, 50 frames
// deep, on other threads, from static constructors, iterators and delegates. Hardware-raised
// exceptions are in FaultsArea; the propagation bodies in ExceptionsArea.Propagation.cs.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Compat.Suite;

namespace Compat.Areas
{
    internal static partial class ExceptionsArea
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
    }
}
