// Device interrupts exist only in the image; the hosted build of this test app has no checks here.
internal static class DeviceInterrupts
{
    public static void SerialTransmitInterrupt()
    {
    }
}
