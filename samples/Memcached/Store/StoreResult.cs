// What a store command did, one value per reply memcached gives (protocol.txt, "Storage
// commands", "Deletion", "Increment/Decrement", "Touch"); the server maps each to its line.
namespace Memcached.Store
{
    public enum StoreResult : byte
    {
        Stored,       // "STORED"
        NotStored,    // "NOT_STORED": add found the key, replace/append/prepend did not
        Exists,       // "EXISTS": cas found the key with another unique
        NotFound,     // "NOT_FOUND": cas, delete, touch, incr/decr found no live item
        Deleted,      // "DELETED"
        Touched,      // "TOUCHED"
        Incremented,  // incr/decr: the new value is in the out parameter
        NonNumeric,   // "CLIENT_ERROR cannot increment or decrement non-numeric value"
        TooLarge,     // "SERVER_ERROR object too large for cache"
        OutOfMemory,  // "SERVER_ERROR out of memory storing object"
    }
}
