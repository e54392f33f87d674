/// mimalloc instead of the system allocator: indexing allocates a string per
/// token of four token streams per document, and glibc's malloc/free were a
/// fifth of `vanban index`'s CPU (BENCHMARKS.md, "Indexing profile").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vanban::cli::main()
}
