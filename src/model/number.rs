//! Numbers as users write them: exact decimals, never floats.
//!
//! A score of 2.5 typed in a spreadsheet must stay 2.5 all the way to the
//! printed report, so cells are parsed straight into decimals. Full-width
//! digits, which Chinese input methods produce, are accepted too.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;

/// The most digits a number may have, well within what a decimal holds.
const MAX_DIGITS: usize = 20;

/// Parses a plain decimal number such as `3`, `2.5`, `-1` or `０.５`.
/// Exponents, thousands separators and anything else are refused.
pub fn parse(cell: &str) -> Option<Decimal> {
    let cell = cell.trim();
    let text: Cow<str> = if cell.is_ascii() {
        Cow::Borrowed(cell)
    } else {
        Cow::Owned(
            cell.chars()
                .map(|c| match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    '．' => '.',
                    '－' => '-',
                    '＋' => '+',
                    _ => c,
                })
                .collect(),
        )
    };
    let text = text.as_ref();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !plain(whole) || !plain(fraction) {
        return None;
    }
    if whole.len() + fraction.len() > MAX_DIGITS {
        return None;
    }
    Decimal::from_str(text).ok()
}

/// Why `cell`, which `parse` refused, is not a number: for messages.
pub fn complaint(cell: &str) -> &'static str {
    let digits = cell.trim().trim_start_matches(['-', '+']);
    let plain = digits.chars().all(|c| c.is_ascii_digit() || c == '.');
    if plain && digits.len() > MAX_DIGITS {
        "has too many digits"
    } else {
        "is not a number"
    }
}

/// Reads a TOML integer or float as a decimal, through its shortest
/// decimal spelling so that `89.5` stays 89.5.
pub fn from_toml(value: &toml::Value) -> Option<Decimal> {
    match value {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) if f.is_finite() => parse(&f.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_are_exact() {
        assert_eq!(parse("2.5"), Decimal::from_str("2.5").ok());
        assert_eq!(parse(" 3 "), Some(Decimal::from(3)));
        assert_eq!(parse("-1"), Some(Decimal::from(-1)));
        assert_eq!(parse(".5"), Decimal::from_str("0.5").ok());
    }

    #[test]
    fn full_width_digits_are_accepted() {
        assert_eq!(parse("２．５"), Decimal::from_str("2.5").ok());
    }

    #[test]
    fn overlong_numbers_are_told_from_non_numbers() {
        assert_eq!(
            complaint("1000000000000000000000000000000"),
            "has too many digits"
        );
        assert_eq!(complaint("1e30"), "is not a number");
        assert_eq!(complaint("五"), "is not a number");
    }

    #[test]
    fn non_numbers_are_refused() {
        for cell in [
            "",
            "abc",
            "1e3",
            "1,5",
            "NaN",
            "inf",
            ".",
            "-",
            "1.2.3",
            "99999999999999999999999",
        ] {
            assert_eq!(parse(cell), None, "{cell}");
        }
    }
}
