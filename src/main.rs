//! The `kaohe` command: everything is in the library, see [`kaohe::cli`].

// Rendering thousands of pages on several threads allocates and frees
// many short strings; jemalloc does that faster than the system
// allocator and with less memory held than other choices measured.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(kaohe::cli::run());
}
