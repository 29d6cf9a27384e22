//! `report::order`, the program's one sort, gives exactly what the standard library's stable sort
//! gives: the same order, equal keys kept in their order, on any input.

use proptest::prelude::*;
use shuzhi::report::order;

proptest! {
    #[test]
    fn sort_by_key_is_the_standard_stable_sort(keys in proptest::collection::vec(0u8..6, 0..200)) {
        // The position rides along, so a sort that reorders equal keys shows.
        let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        let mut ours = items.clone();
        order::sort_by_key(&mut ours, |item| item.0);
        let mut standard = items;
        standard.sort_by_key(|item| item.0);
        prop_assert_eq!(ours, standard);
    }

    #[test]
    fn sort_by_and_sort_agree_with_the_standard_library(words in proptest::collection::vec("[a-c]{0,3}", 0..120)) {
        let mut ours = words.clone();
        order::sort(&mut ours);
        let mut standard = words.clone();
        standard.sort();
        prop_assert_eq!(&ours, &standard);
        // Longest first, ties in their order.
        let mut ours = words.clone();
        order::sort_by(&mut ours, |a, b| b.len().cmp(&a.len()));
        let mut standard = words;
        standard.sort_by_key(|w| std::cmp::Reverse(w.len()));
        prop_assert_eq!(ours, standard);
    }
}

#[test]
fn a_table_of_small_cases() {
    let cases: [(&[u32], &[u32]); 6] = [(&[], &[]), (&[1], &[1]), (&[2, 1], &[1, 2]), (&[3, 1, 2], &[1, 2, 3]), (&[1, 1, 1], &[1, 1, 1]), (&[5, 4, 3, 2, 1], &[1, 2, 3, 4, 5])];
    for (input, expected) in cases {
        let mut items = input.to_vec();
        order::sort(&mut items);
        assert_eq!(items, expected, "{input:?}");
    }
}
