//! Turning a file's bytes into text.
//!
//! Score sheets come from Excel and WPS as often as from text editors. On
//! Chinese Windows these write GB18030 (GBK) unless told otherwise, "CSV
//! UTF-8" adds a byte order mark, and "Unicode text" is UTF-16. All of
//! these are read as they are, so users never convert a file by hand.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// Why a file's bytes are not text, and the line where that shows.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The 1-based line of the first byte that could not be read.
    pub line: usize,
    /// What is wrong, for the user.
    pub message: String,
}

/// Decodes a text file written as UTF-8 (with or without a byte order
/// mark), UTF-16 with a byte order mark, or GB18030/GBK.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false)?
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(err) => gb18030(bytes, err.valid_up_to())?,
        }
    };
    let text = normalize_line_ends(text);
    if let Some(at) = text.find('\0') {
        return Err(DecodeError {
            line: line_at(&text, at),
            message: "is a binary file, not text".to_string(),
        });
    }
    Ok(text)
}

/// Turns CRLF and lone CR line ends into LF, so that every later step
/// counts lines the same way whatever program wrote the file.
fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The 1-based line that byte offset `at` of `text` falls on.
pub fn line_at(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Decodes text after a UTF-8 byte order mark, which promises UTF-8.
fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|err| {
            undecodable(
                bytes,
                err.valid_up_to(),
                "starts with a UTF-8 byte order mark but is not UTF-8 text",
            )
        })
}

fn utf16(bytes: &[u8], little_endian: bool) -> Result<String, DecodeError> {
    let encoding = if little_endian { UTF_16LE } else { UTF_16BE };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        return Err(DecodeError {
            line: line_at(&text, at),
            message: "is not valid UTF-16 text".to_string(),
        });
    }
    Ok(text.into_owned())
}

/// Decodes GB18030, the superset of GBK that Excel and WPS write on
/// Chinese Windows; `bad_utf8` is where UTF-8 decoding failed.
fn gb18030(bytes: &[u8], bad_utf8: usize) -> Result<String, DecodeError> {
    match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(undecodable(
            bytes,
            bad_utf8,
            "is neither UTF-8 nor GB18030/GBK text",
        )),
    }
}

/// The error for `bytes`, which fail to decode at byte `at`.
fn undecodable(bytes: &[u8], at: usize, what: &str) -> DecodeError {
    let line = bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    DecodeError {
        line,
        message: what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_is_read() {
        assert_eq!(decode(b"\xEF\xBB\xBFid,x\n").unwrap(), "id,x\n");
    }

    #[test]
    fn gb18030_is_read() {
        let (bytes, _, _) = GB18030.encode("编号,得分\r\nP01,3\r\n");
        assert_eq!(decode(&bytes).unwrap(), "编号,得分\nP01,3\n");
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "编号".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "编号");
    }

    #[test]
    fn binary_garbage_is_refused_with_its_line() {
        let err = decode(b"a\nb\n\x00\x01").unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn broken_utf8_after_bom_names_the_line() {
        let err = decode(b"\xEF\xBB\xBFok\nbad \xFF\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
