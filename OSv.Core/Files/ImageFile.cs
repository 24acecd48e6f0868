// A file in the image: its bytes, read-only, mapped for the machine's whole life (metal: inside
// the kernel's own .osv_files segment; hosted: unmanaged memory that is never freed). Opening
// copies nothing, so a loader can map an ELF object straight from Data.
namespace OSv.Core.Files
{
    public readonly unsafe struct ImageFile
    {
        public ImageFile(byte* data, long length)
        {
            Data = data;
            Length = length;
        }

        public byte* Data { get; }

        public long Length { get; }
    }
}
