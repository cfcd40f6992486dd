//! mimalloc as the global allocator, asked for a plain block whenever one is aligned enough.
//!
//! The `mimalloc` crate asks for every block with `mi_malloc_aligned`, whose alignment checks
//! come on top of `mi_malloc`'s fast path; `check` allocates over a million small blocks.
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned};

pub struct Mimalloc;

/// Whether a plain mimalloc block suits `layout`: every block is aligned to a word at least
/// (its sizes are whole words). `std`'s allocator reasons the same way about `malloc`, with the
/// 16 bytes glibc guarantees where this takes mimalloc's word.
fn plain(layout: Layout) -> bool {
    layout.align() <= size_of::<usize>() && layout.align() <= layout.size()
}

unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = if plain(layout) { mi_malloc(layout.size()) } else { mi_malloc_aligned(layout.size(), layout.align()) };
        block.cast()
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = if plain(layout) { mi_zalloc(layout.size()) } else { mi_zalloc_aligned(layout.size(), layout.align()) };
        block.cast()
    }

    unsafe fn dealloc(&self, block: *mut u8, _layout: Layout) {
        mi_free(block.cast::<c_void>());
    }

    // For word alignment mimalloc goes straight to its plain reallocation.
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        mi_realloc_aligned(block.cast::<c_void>(), new_size, layout.align()).cast()
    }
}

#[cfg(test)]
mod tests {
    /// Blocks of every alignment a layout asks for come back aligned, keep their bytes through a
    /// reallocation, and zeroed ones are zero.
    #[test]
    fn blocks_are_aligned_as_asked_and_keep_their_bytes() {
        // Imported here, not for the module: the benchmarks include this file without a harness.
        use super::Mimalloc;
        use std::alloc::{GlobalAlloc, Layout};
        let aligned = |block: *mut u8, align: usize| !block.is_null() && (block as usize).is_multiple_of(align);
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 15, 16, 24, 100, 1000, 5000, 100_000] {
                let Ok(layout) = Layout::from_size_align(size, align) else { continue };
                unsafe {
                    let block = Mimalloc.alloc(layout);
                    assert!(aligned(block, align), "{size} {align}");
                    block.write_bytes(0xA5, size);
                    let grown = Mimalloc.realloc(block, layout, size * 3);
                    assert!(aligned(grown, align), "{size} {align} grown");
                    assert!((0..size).all(|i| *grown.add(i) == 0xA5));
                    Mimalloc.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                    let zeroed = Mimalloc.alloc_zeroed(layout);
                    assert!(aligned(zeroed, align) && (0..size).all(|i| *zeroed.add(i) == 0), "{size} {align} zeroed");
                    Mimalloc.dealloc(zeroed, layout);
                }
            }
        }
    }
}
