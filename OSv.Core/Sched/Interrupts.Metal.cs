// The managed side of device and timer interrupts (stubs in cpu.S). Runs with interrupts
// disabled on the interrupted thread's stack, after the full register state was saved. Drivers
// register a handler for a device vector (33-47); as in OSv, a handler should do almost nothing
// but wake the driver's thread.
using System;
using System.Runtime.InteropServices;
using OSv.Core.Arch.X64;
using OSv.Core.Boot;

namespace OSv.Core.Sched
{
    // A driver's interrupt handler: it should do almost nothing but wake the driver's thread.
    public abstract class DeviceInterruptHandler
    {
        public abstract void OnInterrupt();
    }

    public static unsafe class Interrupts
    {
        public const int DeviceVectorFirst = 33;
        public const int DeviceVectorLast = 47;

        private static readonly nint[] s_handlers = new nint[DeviceVectorLast - DeviceVectorFirst + 1];
        private static readonly DeviceInterruptHandler?[] s_handlerObjects = new DeviceInterruptHandler?[DeviceVectorLast - DeviceVectorFirst + 1];
        private static byte* s_madt;
        private static int s_madtBytes;
        private static long s_spuriousInterrupts;
        private static long s_unhandledInterrupts;

        public static long UnhandledInterruptCount => s_unhandledInterrupts;

        // Boot hands over the MADT (in firmware memory, never freed) and the I/O APICs it lists.
        internal static void InitializeDeviceRouting(ReadOnlySpan<byte> madt)
        {
            fixed (byte* table = madt)
                s_madt = table;
            s_madtBytes = madt.Length;
            IoApic.Initialize(madt);
        }

        // Routes an ISA interrupt line (through the MADT's overrides and the I/O APIC) to a device
        // vector on the boot processor, and installs its handler. False if it cannot be routed.
        public static bool RouteIsaInterrupt(byte isaIrq, int vector, delegate*<void> handler)
        {
            if (vector < DeviceVectorFirst || vector > DeviceVectorLast)
                return false;
            s_handlers[vector - DeviceVectorFirst] = (nint)handler;
            var madt = new ReadOnlySpan<byte>(s_madt, s_madtBytes);
            return IoApic.Route(Madt.RouteIsaInterrupt(madt, isaIrq), vector, LocalApic.Id);
        }

        // Routes a global system interrupt (an I/O APIC input, as ACPI names device lines) to the
        // next free device vector on the boot processor, with an object as its handler (a driver
        // has state: an abstract class's virtual call reaches it). Returns the vector, or -1 when
        // no vector is free or no I/O APIC has that input. The handler runs with interrupts off
        // after the end-of-interrupt was sent: a level-triggered line the device still holds
        // may deliver once more, and the handler must tolerate finding nothing to do.
        public static int RouteGlobalInterrupt(uint gsi, bool levelTriggered, bool activeLow, DeviceInterruptHandler handler)
        {
            int vector = ClaimVector(handler);
            if (vector < 0 || IoApic.Route(new InterruptRoute(gsi, activeLow, levelTriggered), vector, LocalApic.Id))
                return vector;
            s_handlerObjects[vector - DeviceVectorFirst] = null;
            return -1;
        }

        // A free device vector for a message-signalled interrupt (MSI or MSI-X), with the message a
        // device must write to raise it on the boot processor; -1 when no vector is free. No I/O
        // APIC is involved: the device writes the message straight to the local APIC.
        public static int AllocateMessageVector(DeviceInterruptHandler handler, out MsiMessage message)
        {
            int vector = ClaimVector(handler);
            message = vector < 0 ? default : MsiMessage.ForVector((byte)LocalApic.Id, (byte)vector);
            return vector;
        }

        // The highest device vector with no handler, now the handler's; -1 when none is free.
        private static int ClaimVector(DeviceInterruptHandler handler)
        {
            for (int vector = DeviceVectorLast; vector >= DeviceVectorFirst; vector--)
            {
                int slot = vector - DeviceVectorFirst;
                if (s_handlers[slot] != 0 || s_handlerObjects[slot] != null)
                    continue;
                s_handlerObjects[slot] = handler;
                return vector;
            }
            return -1;
        }

        [UnmanagedCallersOnly(EntryPoint = "osv_interrupt")]
        private static void Dispatch(TrapFrame* frame)
        {
            int vector = (int)frame->Vector;
            if (vector == LocalApic.SpuriousVector)
            {
                s_spuriousInterrupts++; // spurious interrupts take no EOI (SDM 11.9)
                return;
            }
            // Acknowledge first: the handler may switch threads before returning.
            LocalApic.EndOfInterrupt();
            if (vector == LocalApic.TimerVector)
            {
                Scheduler.OnTimerInterrupt();
                return;
            }
            if (vector == LocalApic.RescheduleVector)
            {
                Scheduler.OnRescheduleInterrupt();
                return;
            }
            if (vector == LocalApic.StopVector)
            {
                WorldStop.OnStopInterrupt(frame);
                return;
            }
            if (vector >= DeviceVectorFirst && vector <= DeviceVectorLast && s_handlerObjects[vector - DeviceVectorFirst] is DeviceInterruptHandler driver)
            {
                driver.OnInterrupt();
                return;
            }
            nint handler = vector >= DeviceVectorFirst && vector <= DeviceVectorLast ? s_handlers[vector - DeviceVectorFirst] : 0;
            if (handler == 0)
            {
                s_unhandledInterrupts++;
                return;
            }
            ((delegate*<void>)handler)();
        }
    }
}
