// ExceptionsArea, continued: how exceptions propagate and are rethrown: rethrow preserving type
// and identity, nested try in catch and finally, exceptions replaced in finally, 50 frames deep,
// on other threads, user exception types, type names, static constructors, iterators and
// delegates, and many throws in a row. (Dispatch shapes, filters and ordering are in
// ExceptionsArea.cs.)
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using Compat.Suite;

namespace Compat.Areas
{
    internal static partial class ExceptionsArea
    {
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
