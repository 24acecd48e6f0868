// Remembers what one object's symbol references resolved to while that object is relocated, so
// a symbol named by several relocations (its GLOB_DAT and JUMP_SLOT, or many R_X86_64_64s) is
// looked up through the global scope once, as glibc's l_lookup_cache saves repeated lookups.
//
// Direct-mapped: slot = symbol index & (LoaderLimits.ResolutionCacheSlots - 1); a colliding
// index replaces the slot (a miss costs one lookup, never a wrong answer). Each slot's tag is
// (generation, symbol index, TLS or not): Begin starts a new generation per relocated object,
// which empties the cache in O(1), so an entry is only ever reused by the object that stored it,
// against the same global scope (objects are all mapped before any is relocated).
//
// What is cached: results that do not depend on the relocation type beyond TLS-ness, i.e. a
// definition in a loaded object or a nonzero host address. Not cached: COPY (skips the
// requester), undefined weak (0), the missing-function stub (only a JUMP_SLOT gets it; a
// GLOB_DAT of the same name must fail) and errors. An ifunc definition is cached with its
// resolved address, so its resolver runs once per object rather than once per relocation.
//
// Allocated once per DynamicLinker; lookups and stores allocate nothing.
namespace OSv.Loader.Linking
{
    internal sealed class ResolutionCache
    {
        private const int SlotMask = LoaderLimits.ResolutionCacheSlots - 1;

        private readonly Slot[] _slots = new Slot[LoaderLimits.ResolutionCacheSlots];
        // 0 tags no slot: generations start at 1.
        private uint _generation;

        /// <summary>Empties the cache before relocating another object.</summary>
        public void Begin()
        {
            _generation++;
            if (_generation == 0)
            {
                // Wrapped after 2^32 objects: old tags could match again, so clear them.
                for (int i = 0; i < _slots.Length; i++)
                    _slots[i].Generation = 0;
                _generation = 1;
            }
        }

        public bool TryGet(uint symbolIndex, bool tls, out Resolution found)
        {
            ref Slot slot = ref _slots[(int)(symbolIndex & SlotMask)];
            if (slot.Generation == _generation && slot.SymbolIndex == symbolIndex && slot.Tls == tls)
            {
                found = slot.Found;
                return true;
            }
            found = default;
            return false;
        }

        public void Store(uint symbolIndex, bool tls, in Resolution found)
        {
            ref Slot slot = ref _slots[(int)(symbolIndex & SlotMask)];
            slot.Generation = _generation;
            slot.SymbolIndex = symbolIndex;
            slot.Tls = tls;
            slot.Found = found;
        }

        private struct Slot
        {
            public uint Generation;
            public uint SymbolIndex;
            public bool Tls;
            public Resolution Found;
        }
    }
}
