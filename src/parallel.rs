//! Independent work spread over the processor's cores.
//!
//! Loading a site reads thousands of small files, and each period folder
//! can be read without the others. The pieces of such work are handed out
//! one at a time to a few threads, so that a slow piece does not hold the
//! rest up, and the results come back in the pieces' order, so that what
//! kaohe reports never depends on which thread was quicker.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// How many threads to work with: one per core, at most four.
pub fn workers() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// `f` applied to every item of `items`, on up to [`workers`] threads;
/// the results are in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = workers().min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let (f, next) = (&f, &AtomicUsize::new(0));
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            return done;
                        };
                        done.push((index, f(item)));
                    }
                })
            })
            .collect();
        for handle in handles {
            // A worker stops early only when `f` panics: pass that on.
            let done = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (index, result) in done {
                slots[index] = Some(result);
            }
        }
    });
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = map(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_give_no_results() {
        assert!(map(&[] as &[u8], |b| *b).is_empty());
    }
}
