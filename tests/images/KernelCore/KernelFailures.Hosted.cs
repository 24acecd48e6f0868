// Kernel failures exist only in the image: hosted, the scenarios say so and return.
internal static class KernelFailures
{
    public static void ExhaustPageFrames() => System.Console.WriteLine("kernel-out-of-memory: image only");

    public static void FaultInInterruptHandler() => System.Console.WriteLine("fault-in-interrupt-handler: image only");
}
