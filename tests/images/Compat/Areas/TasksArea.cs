// Tasks and the thread pool: Task.Run, async methods and await (continuations resuming on pool
// threads), Task.WhenAll/WhenAny, ContinueWith, exceptions through await and Wait
// (AggregateException), cancellation, TaskCompletionSource, async streams and Parallel.For.
// Bodies block on the result at the end (Main is synchronous, as an image's Main is).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class TasksArea
    {
        public static CompatArea Create() => new CompatArea("tasks", RunByDefault: true, new[]
        {
            new CompatBody("task-run", TaskRun),
            new CompatBody("async-await", AsyncAwait),
            new CompatBody("when-all-when-any", WhenAllWhenAny),
            new CompatBody("continue-with", ContinueWith),
            new CompatBody("exceptions", Exceptions),
            new CompatBody("cancellation", Cancellation),
            new CompatBody("completion-source", CompletionSource),
            new CompatBody("async-stream", AsyncStream),
            new CompatBody("parallel-for", ParallelFor),
        });

        private static void TaskRun(Transcript t)
        {
            var task = Task.Run(() => Enumerable.Range(1, 100).Sum());
            t.Line("result", task.Result);
            t.Line("status", task.Status.ToString());
            var tasks = new Task<int>[16];
            for (var i = 0; i < tasks.Length; i++)
            {
                var n = i;
                tasks[i] = Task.Run(() => n * n);
            }
            Task.WaitAll(tasks);
            t.Line("squares", tasks.Select(x => x.Result).ToArray());
            t.Line("completed task", Task.CompletedTask.IsCompleted + " " + Task.FromResult(5).Result);
            var onPool = Task.Run(() => Thread.CurrentThread.IsThreadPoolThread).Result;
            t.Line("ran on pool thread", onPool);
        }

        private static async Task<int> AddLaterAsync(int a, int b)
        {
            await Task.Yield();
            var first = await Task.Run(() => a);
            await Task.Delay(1);
            return first + b;
        }

        private static async Task<string> ChainAsync(int depth)
        {
            if (depth == 0)
                return "bottom";
            var below = await ChainAsync(depth - 1);
            await Task.Yield();
            return depth % 10 == 0 ? below + "|" + depth : below;
        }

        private static async ValueTask<int> ValueTaskAsync(bool synchronous)
        {
            if (!synchronous)
                await Task.Yield();
            return synchronous ? 1 : 2;
        }

        private static void AsyncAwait(Transcript t)
        {
            t.Line("add later", AddLaterAsync(20, 22).GetAwaiter().GetResult());
            t.Line("chain of 50 awaits", ChainAsync(50).GetAwaiter().GetResult());
            t.Line("value task", ValueTaskAsync(true).Result + ValueTaskAsync(false).AsTask().Result);
            var local = LocalAsync().GetAwaiter().GetResult();
            t.Line("local async lambda", local);

            static async Task<List<int>> LocalAsync()
            {
                var results = new List<int>();
                Func<int, Task<int>> doubler = async x => { await Task.Yield(); return x * 2; };
                for (var i = 0; i < 5; i++)
                    results.Add(await doubler(i));
                return results;
            }
        }

        private static void WhenAllWhenAny(Transcript t)
        {
            var all = Task.WhenAll(Enumerable.Range(0, 20).Select(i => AddLaterAsync(i, 1000)));
            t.Line("when all", all.GetAwaiter().GetResult().Sum());
            var never = new TaskCompletionSource<int>();
            var any = Task.WhenAny(never.Task, Task.FromResult(7), never.Task).GetAwaiter().GetResult();
            t.Line("when any", any.Result);
            var mixed = Task.WhenAll(Task.Run(() => 1), Task.Run(() => throw new CompatCustomException("one failed", 4)), Task.Run(() => 3));
            try
            {
                mixed.GetAwaiter().GetResult();
            }
            catch (CompatCustomException exception)
            {
                t.Line("when all failure", exception.Code + " " + mixed.IsFaulted + " " + mixed.Exception!.InnerExceptions.Count);
            }
        }

        private static void ContinueWith(Transcript t)
        {
            var log = new List<string>();
            var first = Task.Run(() => 5);
            var second = first.ContinueWith(previous => previous.Result * 2);
            var third = second.ContinueWith(previous => { lock (log) log.Add("third saw " + previous.Result); });
            third.Wait();
            var faulted = Task.Run(() => throw new FormatException("f"))
                .ContinueWith(previous => ExceptionNames.Of(previous.Exception!.InnerException!), TaskContinuationOptions.OnlyOnFaulted);
            log.Add("on faulted " + faulted.Result);
            var skipped = Task.FromResult(1).ContinueWith(_ => 0, TaskContinuationOptions.OnlyOnFaulted);
            try
            {
                skipped.Wait();
            }
            catch (AggregateException exception)
            {
                log.Add("skipped continuation " + skipped.Status + " " + ExceptionNames.Of(exception.InnerException!));
            }
            var unwrapped = Task.Factory.StartNew(() => Task.Run(() => "inner")).Unwrap();
            log.Add("unwrap " + unwrapped.Result);
            t.Line("log", log);
        }

        private static async Task ThrowAfterAwaitAsync()
        {
            await Task.Yield();
            throw new CompatCustomException("after await", 12);
        }

        private static void Exceptions(Transcript t)
        {
            try
            {
                ThrowAfterAwaitAsync().GetAwaiter().GetResult();
            }
            catch (CompatCustomException exception)
            {
                t.Line("GetResult rethrows original", exception.Code);
            }
            try
            {
                ThrowAfterAwaitAsync().Wait();
            }
            catch (AggregateException exception)
            {
                t.Line("Wait wraps", ExceptionNames.Of(exception) + " of " + ExceptionNames.Of(exception.InnerException!));
            }
            var caughtInAsync = CatchInsideAsync().GetAwaiter().GetResult();
            t.Line("caught inside async", caughtInAsync);
            var faulted = Task.FromException<int>(new InvalidOperationException("x"));
            t.Line("FromException", faulted.IsFaulted + " " + ExceptionNames.Of(faulted.Exception!.InnerException!));
        }

        private static async Task<string> CatchInsideAsync()
        {
            try
            {
                await ThrowAfterAwaitAsync();
                return "wrong";
            }
            catch (CompatCustomException exception) when (exception.Code == 12)
            {
                await Task.Yield();
                return "code " + exception.Code;
            }
            finally
            {
                await Task.Yield();
            }
        }

        private static void Cancellation(Transcript t)
        {
            using var source = new CancellationTokenSource();
            var started = new ManualResetEventSlim(false);
            var worker = Task.Run(() =>
            {
                started.Set();
                while (true)
                {
                    source.Token.ThrowIfCancellationRequested();
                    Thread.Yield();
                }
            }, source.Token);
            started.Wait();
            source.Cancel();
            try
            {
                worker.Wait();
            }
            catch (AggregateException exception)
            {
                t.Line("cancelled", ExceptionNames.Of(exception.InnerException!) + " " + worker.Status);
            }
            var registrations = new List<int>();
            using var second = new CancellationTokenSource();
            second.Token.Register(() => registrations.Add(1));
            second.Token.Register(() => registrations.Add(2));
            second.Cancel();
            t.Line("callbacks in reverse registration order", registrations);
            var precancelled = Task.Run(() => 1, new CancellationToken(true));
            t.Line("pre-cancelled", CollectionsArea.CaughtName(() => precancelled.GetAwaiter().GetResult()) + " " + precancelled.IsCanceled);
            started.Dispose();
        }

        private static void CompletionSource(Transcript t)
        {
            var source = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var awaiting = AwaitSourceAsync(source.Task);
            var setter = new Thread(() => source.SetResult("set from a thread"));
            setter.Start();
            t.Line("awaited", awaiting.GetAwaiter().GetResult());
            setter.Join();
            t.Line("second set fails", source.TrySetResult("again"));
        }

        private static async Task<string> AwaitSourceAsync(Task<string> task) => "got " + await task;

        private static async IAsyncEnumerable<int> CountAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return i;
            }
        }

        private static async Task<int> SumAsync()
        {
            var sum = 0;
            await foreach (var value in CountAsync(10))
                sum += value;
            return sum;
        }

        private static void AsyncStream(Transcript t) => t.Line("sum", SumAsync().GetAwaiter().GetResult());

        private static void ParallelFor(Transcript t)
        {
            long sum = 0;
            var result = Parallel.For(0, 100_000, i => Interlocked.Add(ref sum, i));
            t.Line("sum", sum);
            t.Line("completed", result.IsCompleted);
            long localSum = 0;
            Parallel.For(0, 1000, () => 0L, (i, _, partial) => partial + i * i, partial => Interlocked.Add(ref localSum, partial));
            t.Line("sum of squares with thread-local partials", localSum);
            var squares = new int[1000];
            Parallel.ForEach(Enumerable.Range(0, squares.Length), i => squares[i] = i * i);
            t.Line("for each filled", squares.Sum(x => (long)x));
            var broken = Parallel.For(0, 1000, (i, state) => { if (i == 10) state.Break(); });
            t.Line("break", broken.IsCompleted + " lowest break " + broken.LowestBreakIteration);
            var invoked = new int[3];
            Parallel.Invoke(() => invoked[0] = 1, () => invoked[1] = 2, () => invoked[2] = 3);
            t.Line("invoke", invoked);
            var plinq = Enumerable.Range(1, 1000).AsParallel().Where(x => x % 3 == 0).Sum();
            t.Line("plinq", plinq);
        }
    }
}
