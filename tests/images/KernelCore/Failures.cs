// Failure scenarios: each must end in a PANIC report (or, for the object heap running out, a
// caught OutOfMemoryException), never a hang.
using System;
using System.Runtime.CompilerServices;
using OSv.Core;
using OSv.Core.Sched;

internal static class Failures
{
    private static long Recurse(long depth) => depth + Recurse(depth + 1) + Recurse(depth + 2);

    // The object heap's head of a chain that fills it; cleared once OutOfMemoryException is caught.
    private static object[]? s_chain;

    // Fills the object heap with a live chain until allocation throws OutOfMemoryException (as
    // .NET does) and catches it. Nothing after the throw allocates: the report is a literal
    // through the already initialised System.Console, and the exit takes no memory. (Allocating
    // again after dropping the chain is not done: the collector still keeps the chain today,
    // docs/runtime.md "Not done yet".)
    private static void OutOfMemoryIsCatchable()
    {
        Console.WriteLine("filling the object heap"); // System.Console's first use allocates: before, not after
        bool caught = false;
        try
        {
            FillHeap();
        }
        catch (OutOfMemoryException)
        {
            caught = true;
        }
        s_chain = null;
        Console.WriteLine(caught ? "caught System.OutOfMemoryException" : "caught nothing");
        Machine.Exit(caught ? 0 : 1);
    }

    private static long s_filledLinks;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FillHeap()
    {
        object[] tail = new object[1];
        s_chain = tail;
        while (true)
        {
            var next = new object[1024];
            tail[0] = next;
            tail = next;
            s_filledLinks++;
        }
    }

    public static unsafe void Raise(string scenario)
    {
        switch (scenario)
        {
            case "fault-in-thread":
                Thread faulty = Thread.Start(() =>
                {
                    int* nowhere = null;
                    Console.WriteLine(*nowhere);
                }, "faulty");
                faulty.Join();
                break;
            case "stack-overflow":
                Thread deep = Thread.Start(() => Console.WriteLine(Recurse(1)), "deep");
                deep.Join();
                break;
            case "out-of-memory":
                OutOfMemoryIsCatchable();
                break;
            case "kernel-out-of-memory":
                KernelFailures.ExhaustPageFrames();
                break;
            case "fault-in-interrupt-handler":
                KernelFailures.FaultInInterruptHandler();
                break;
            default:
                Console.WriteLine("unknown scenario " + scenario);
                break;
        }
    }
}
