//! Combining several experts' marks for one item.

use rust_decimal::Decimal;

use crate::model::site::Aggregate;

/// Combines `scores` by `method`, unrounded. No scores combine to zero.
pub fn combine(method: Aggregate, scores: &[Decimal]) -> Decimal {
    if scores.is_empty() {
        return Decimal::ZERO;
    }
    let mut sorted = scores.to_vec();
    sorted.sort();
    match method {
        Aggregate::Mean => mean(&sorted),
        Aggregate::TrimmedMean if sorted.len() >= 3 => mean(&sorted[1..sorted.len() - 1]),
        Aggregate::TrimmedMean => mean(&sorted),
        Aggregate::Median => {
            let mid = sorted.len() / 2;
            if sorted.len() % 2 == 1 {
                sorted[mid]
            } else {
                mean(&sorted[mid - 1..=mid])
            }
        }
    }
}

fn mean(scores: &[Decimal]) -> Decimal {
    scores.iter().sum::<Decimal>() / Decimal::from(scores.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn ds(list: &[&str]) -> Vec<Decimal> {
        list.iter().map(|s| Decimal::from_str(s).unwrap()).collect()
    }

    #[test]
    fn trimmed_mean_drops_highest_and_lowest() {
        let scores = ds(&["3", "1", "2.5", "2"]);
        assert_eq!(
            combine(Aggregate::TrimmedMean, &scores),
            Decimal::from_str("2.25").unwrap()
        );
    }

    #[test]
    fn trimmed_mean_of_two_is_the_mean() {
        let scores = ds(&["3", "2"]);
        assert_eq!(
            combine(Aggregate::TrimmedMean, &scores),
            Decimal::from_str("2.5").unwrap()
        );
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle_two() {
        let scores = ds(&["4", "1", "2", "3"]);
        assert_eq!(
            combine(Aggregate::Median, &scores),
            Decimal::from_str("2.5").unwrap()
        );
        assert_eq!(
            combine(Aggregate::Median, &ds(&["4", "1", "2"])),
            Decimal::from(2)
        );
    }

    #[test]
    fn expert_order_does_not_matter() {
        for method in [Aggregate::Mean, Aggregate::TrimmedMean, Aggregate::Median] {
            let a = combine(method, &ds(&["1", "2.5", "3", "0.5"]));
            let b = combine(method, &ds(&["3", "0.5", "2.5", "1"]));
            assert_eq!(a, b);
        }
    }
}
