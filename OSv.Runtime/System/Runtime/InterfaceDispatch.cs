// Interface method dispatch. ilc compiles an interface call as `lea cell, %r11; call *(%r11)`.
// Every cell starts pointing at RhpInitialDynamicInterfaceDispatch (Arch/X64/runtime.S), which
// saves the argument registers and calls ResolveInterfaceDispatch below with the receiver and
// the cell, then jumps to the code address it returns.
//
// Cell layout (ilc 10.0.12, x64): { nint stub; nint data }. For the cells of one interface method,
// data is a self-relative pointer to the interface MethodTable (low 2 bits: kind tag). The cells
// of one interface method form a run that ends with a terminator cell whose stub is 0 and whose
// data holds the interface slot (low 16 bits). Resolution then follows the receiver's dispatch
// map, walking base types, to the implementing vtable slot.
//
// Cells are not patched with a cache: every call resolves. Correct first; the cached dispatch
// of the real runtime arrives with issue 4.
using Internal.Runtime;

namespace System.Runtime
{
    internal static unsafe class InterfaceDispatch
    {
        private const nint KindTagMask = 3;
        private const int TerminatorSearchCellsMax = 65536;

        [RuntimeExport("RhpResolveInterfaceDispatch")]
        internal static nint ResolveInterfaceDispatch(object receiver, nint* cell)
        {
            if (receiver is null)
                throw new NullReferenceException();
            // Relative pointers are 32-bit; the data word holds a sign-extended int32 offset.
            MethodTable* interfaceType = (MethodTable*)((byte*)&cell[1] + (int)(cell[1] & ~KindTagMask));
            int interfaceSlot = FindInterfaceSlot(cell);
            nint code = FindImplementation(receiver.GetMethodTable(), interfaceType, interfaceSlot);
            if (code == 0)
                RuntimeFailure.FailFast("interface dispatch: no implementation for an interface method");
            return code;
        }

        private static int FindInterfaceSlot(nint* cell)
        {
            for (int i = 0; i < TerminatorSearchCellsMax; i++, cell += 2)
            {
                if (cell[0] == 0)
                    return (int)(cell[1] & 0xFFFF);
            }
            RuntimeFailure.FailFast("interface dispatch: cell run has no terminator");
            return -1;
        }

        private static nint FindImplementation(MethodTable* type, MethodTable* interfaceType, int interfaceSlot)
        {
            for (MethodTable* current = type; current != null; current = current->BaseType)
            {
                DispatchMap* map = current->DispatchMap;
                if (map == null)
                    continue;
                int interfaceIndex = IndexOfInterface(current, interfaceType);
                if (interfaceIndex < 0)
                    continue;
                DispatchMapEntry* entries = map->Entries;
                for (int i = 0; i < map->StandardEntryCount; i++)
                {
                    if (entries[i].InterfaceIndex != interfaceIndex || entries[i].InterfaceMethodSlot != interfaceSlot)
                        continue;
                    int slot = entries[i].ImplementationMethodSlot;
                    // A virtual slot may be overridden further down: read it from the receiver's own
                    // vtable. Sealed slots belong to the type that declared the mapping.
                    return slot < current->VTableSlotCount ? type->GetVirtualSlot(slot) : current->GetVirtualSlot(slot);
                }
            }
            return 0;
        }

        private static int IndexOfInterface(MethodTable* type, MethodTable* interfaceType)
        {
            MethodTable** interfaces = type->InterfaceMap;
            for (int i = 0; i < type->InterfaceCount; i++)
            {
                if (interfaces[i] == interfaceType)
                    return i;
            }
            return -1;
        }
    }
}
